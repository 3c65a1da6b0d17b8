class DomainError(Exception):
    """A business rule said no. The message is Russian and is shown to the user as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
