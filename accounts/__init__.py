"""Command line for the IT department: accounts and the audit log (`python -m accounts --help`)."""
