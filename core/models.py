"""Every table, in one import: what migrations and `create_all` must see."""
from core.audit import AuditEvent
from core.auth import LoginThrottle, Setting, User
from core.db import Base, Candidate
from core.tokens import ApiToken

__all__ = ["ApiToken", "AuditEvent", "Base", "Candidate", "LoginThrottle", "Setting", "User"]
