"""Who is acting: the logged-in person (with role, units and client address) and the permission check.

Never imports streamlit. Every write function that changes data takes a `User` and calls `require` first,
so a page that forgot to hide a button still cannot change anything (issue 11).
"""

from dataclasses import dataclass

from core.accounts.vocabulary import LIAISON, PERMISSION_LABELS, ROLE_LABELS, SCOPED_ROLES, can
from core.errors import DashboardError
from core.storage.scope import UnitScope


class PermissionDeniedError(DashboardError):
    """The acting person's role does not allow this."""


class AccountError(DashboardError):
    """An account operation that cannot be done (unknown login, weak password, locked …)."""


@dataclass(frozen=True)
class User:
    """A person with an account; `address` is the client address of the current request (for the audit log)."""

    user_id: int
    login: str
    name: str
    role: str
    unit_ids: tuple[int, ...] = ()
    must_change_password: bool = False
    address: str | None = None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def is_scoped(self) -> bool:
        """Whether this person may see only his own units."""
        return self.role in SCOPED_ROLES

    def can(self, permission: str) -> bool:
        return can(self.role, permission)

    def scoped(self, scope: UnitScope) -> UnitScope:
        """`scope` narrowed to this person's units when his role is unit-scoped (a liaison); else unchanged.

        A liaison without units gets an empty scope (sees nothing), never everything.
        """
        if not self.is_scoped:
            return scope
        own = tuple(self.unit_ids)
        if scope.unit_ids is not None:
            own = tuple(u for u in own if u in scope.unit_ids)
        return UnitScope(scope.unit_types, own, scope.assessed_only)


# The command line acts as this pseudo-user (the IT department at the server's console).
CLI_USER = User(0, "cli", "命令行", "admin")


def require(user: User | None, permission: str) -> User:
    """Return `user` if his role holds `permission`; PermissionDeniedError (in Chinese) otherwise."""
    if user is None:
        raise PermissionDeniedError("请先登录。", "登录后再操作。")
    if not user.can(permission):
        raise PermissionDeniedError(
            f"{user.role_label}（{user.login}）无权{PERMISSION_LABELS.get(permission, permission)}。",
            "如需办理，请联系县政务公开办或管理员。" if user.role == LIAISON else "如需办理，请联系管理员调整角色。",
        )
    return user
