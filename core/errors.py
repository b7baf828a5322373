"""Errors a user can cause carry a message meant to be shown as it is."""


class ResumeDeskError(Exception):
    """Base of every error whose message is fit for a recruiter's eyes."""


class ValidationError(ResumeDeskError):
    """Bad input (name, email, phone, file); nothing was stored."""


class DuplicateError(ValidationError):
    """A candidate or a user with that email already exists."""


class PossibleDuplicate(ResumeDeskError):
    """The new candidate looks like existing ones (core.contacts.Match each); nothing was
    stored. The caller may keep both, skip it, or attach the PDF to the existing candidate."""

    def __init__(self, message: str, matches: list):
        super().__init__(message)
        self.matches = matches


class NotFoundError(ResumeDeskError):
    """No such candidate, user, API token, or resume file."""


class ParseFailure(ResumeDeskError):
    """Parsing gave up; the message is stored as the candidate's parse_error.

    `transient` failures (a model that timed out, a 429/5xx) may succeed if tried again;
    permanent ones (a PDF without text) never will.
    """

    def __init__(self, message: str, *, transient: bool = False):
        super().__init__(message)
        self.transient = transient


class PermissionDenied(ResumeDeskError):
    """The acting user's role (or a disabled account) does not allow this use case."""


class AuthenticationError(ResumeDeskError):
    """Sign-in refused: wrong email or password, a disabled account, or a lockout.

    The message never says which, so it cannot be used to find out who has an account.
    """


class StorageError(ResumeDeskError):
    """The resume storage directory cannot be written (read-only, no permission); nothing was stored."""


class StorageFull(StorageError):
    """The disk holding the resume storage is full; nothing was stored."""


class DatabaseUnavailable(ResumeDeskError):
    """The database cannot be reached (server down, connection lost) or written (read-only file)."""
