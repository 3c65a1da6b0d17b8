"""QR codes as inline SVG (no image library needed; WeasyPrint draws SVG sharply in print)."""

import hashlib

import qrcode
import qrcode.image.svg


def qr_svg(data: str, *, box_size: int = 10) -> str:
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=box_size,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.to_string(encoding="unicode")
    # Several codes on one page (invitation sheets) must not share the path's id.
    svg = svg.replace("qr-path", "qr-" + hashlib.sha256(data.encode()).hexdigest()[:12])
    # Drop the XML declaration so the SVG can be placed inside HTML.
    return svg[svg.index("<svg") :]
