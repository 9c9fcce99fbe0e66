"""Prices and discounts.

This docstring mentions # a hash, which is not a comment.
"""
from decimal import Decimal

# Member discount, in percent.
MEMBER_DISCOUNT = Decimal("10")
URL = "https://example.com/#anchor"  # the hash in the string stays


def price(item, member=False):
    """Return the price of an item."""
    base = item.price  # before discounts
    if member:
        base = base * (100 - MEMBER_DISCOUNT) / 100
    return base.quantize(Decimal("0.01"))


def describe(item):
    text = f"{item.name}: {price(item)} # not a comment"
    pattern = r'\d+ # also not a comment'
    return text + pattern
