"""Forms, one module per part of the programme (as in views/, services/, urls/…)."""
