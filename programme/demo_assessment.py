"""Demo data of assessment, interviews and training: takes the DemoContext, idempotent."""


def build(ctx) -> None:
    return None
