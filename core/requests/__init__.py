"""依申请公开: requests, their reply deadlines (补正, 征求第三方意见, 延期) and whether they were answered on time."""
