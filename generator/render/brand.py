"""The course's own brand as the renderer prints it: a byline and the colour that
headings take on paper and on slides."""

from __future__ import annotations

from ..course.model import Brand

# The dark shade of each of Material's primary colours (its palette's
# --md-primary-fg-color--dark): the site's own colour, dark enough to print on white
DARK_SHADE = {
    "red": "#e53734", "pink": "#c3185d", "purple": "#8c24a8", "deep-purple": "#673ab6",
    "indigo": "#303fa1", "blue": "#1975d2", "light-blue": "#0287cf", "cyan": "#0097a8",
    "teal": "#007a6c", "green": "#398e3d", "light-green": "#689f38", "lime": "#b0b52c",
    "yellow": "#fbc02d", "amber": "#ffa000", "orange": "#fa8900", "deep-orange": "#f4511f",
    "brown": "#5d4037", "grey": "#616161", "blue-grey": "#455a63",
}
DEFAULT = "indigo"  # Material's own default, when the course names no colour


def colour(brand: Brand) -> str:
    return DARK_SHADE[brand.primary or DEFAULT]


def byline(brand: Brand) -> str:
    """'Jane Doe · CC BY 4.0', or what of it the course gives."""
    return " · ".join(part for part in (brand.author, brand.licence) if part)
