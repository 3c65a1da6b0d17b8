"""QR codes as inline SVG (no image library needed; WeasyPrint draws SVG sharply in print)."""

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
    # Drop the XML declaration so the SVG can be placed inside HTML.
    return svg[svg.index("<svg") :]
