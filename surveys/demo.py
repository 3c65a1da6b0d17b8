"""Demo data of questionnaires and consents."""


def build(ctx) -> None:
    return None
