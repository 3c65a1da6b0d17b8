"""Demo data of the bases part: each function takes the DemoContext and is idempotent."""


def build(ctx) -> None:
    return None
