"""Every table, in one import: what migrations and `create_all` must see."""
from core.audit import AuditEvent
from core.auth import LoginThrottle, Setting, User
from core.db import Base, Candidate

__all__ = ["AuditEvent", "Base", "Candidate", "LoginThrottle", "Setting", "User"]
