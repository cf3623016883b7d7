"""Who acts at the server's console: the command lines (loaders, exports, accounts) audit as this person.

Never imports streamlit. Two ways, chosen per run:
- by default the operating-system user, as login `cli:<user>` with the 管理员 role (whoever holds a shell on
  the server and the database file can do anything anyway; the entry says which OS account it was);
- with `--as LOGIN`, an enabled account of this database: its role is checked like in the app (an office
  account may import, a leader may not) and the entry carries that login, with `命令行（<OS user>）` as
  the address. An unknown or disabled login is refused, and the refusal is audited.
"""

import argparse
import getpass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLIs build their parsers before pandas and duckdb load (loaders/__main__.py)
    import duckdb

    from core.accounts.identity import User


def os_user() -> str:
    """The operating-system account running this process ('?' when it has no name)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


def console_address() -> str:
    """What the audit log's address column says for the console."""
    return f"命令行（{os_user()}）"


def add_as_option(parser: argparse.ArgumentParser) -> None:
    """The shared `--as LOGIN` option of the command lines."""
    parser.add_argument(
        "--as",
        dest="as_login",
        metavar="LOGIN",
        help="以本系统的哪个账号办理（记入审计日志并按其角色检查权限；默认记为 cli:<操作系统用户>，管理员权限）",
    )


def console_user(con: "duckdb.DuckDBPyConnection", as_login: str | None = None) -> "User":
    """The acting person of a command line run (see the module docstring); AccountError for a bad --as."""
    from core.accounts import audit
    from core.accounts.identity import CLI_USER, AccountError, User
    from core.accounts.users import user_by_login
    from core.accounts.vocabulary import FAILURE, LOGIN
    from core.storage.db import transaction

    address = console_address()
    if not as_login:
        return User(CLI_USER.user_id, f"cli:{os_user()}", CLI_USER.name, CLI_USER.role, address=address)
    user = user_by_login(con, as_login)
    if user is None:
        with transaction(con):
            audit.record(
                con,
                User(0, f"cli:{os_user()}", "", "", address=address),
                LOGIN,
                f"账号 {as_login}",
                after="--as 指定的账号不存在或已停用",
                outcome=FAILURE,
            )
        raise AccountError(f"--as 指定的账号不存在或已停用: {as_login}", "请用 python -m accounts list 查看账号。")
    return User(user.user_id, user.login, user.name, user.role, user.unit_ids, False, address)
