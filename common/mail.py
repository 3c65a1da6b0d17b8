"""Emails: three templates per message (subject, text, html) sent through one helper."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def make_message(template_prefix: str, context: dict, to: list[str]) -> EmailMultiAlternatives:
    subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
    text = render_to_string(f"{template_prefix}_body.txt", context)
    html = render_to_string(f"{template_prefix}_body.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    message.attach_alternative(html, "text/html")
    return message
