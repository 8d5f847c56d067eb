"""The error every rule of the domain raises; views and the API show its message as it is."""


class DomainError(ValueError):
    """A rule refused the operation; the message is for the user, in French."""


class NotAllowed(DomainError):
    """The rule refused because of who asks, not of what was asked (the API answers 403)."""
