"""Helpers every app uses: Russian word forms and dates, the PDF renderer, charts, QR codes,
downloads with Russian names, email. A leaf: it imports no app of the project, so apps use it
downward and `reports/` stands on top of the apps (`.ci/imports.py` enforces both)."""
