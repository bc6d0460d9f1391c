"""The currencies of ISO 4217 in use (the active list; funds and precious metals left out), by
their three-letter codes. Amounts of assistance budgets, projects and trust-fund contributions
name one of them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ISO_4217 = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP
    BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
    GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR
    KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK
    MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR
    SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS
    UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
    """.split()  # noqa: SIM905 (a list of 150 codes reads better as one block)
)

CURRENCY_CHOICES = [(code, code) for code in sorted(ISO_4217)]


def validate_currency(value: str) -> None:
    """A currency named by its ISO 4217 code, in capitals (USD, EUR, CHF...)."""
    if value not in ISO_4217:
        raise ValidationError(
            _("“%(value)s” is not an ISO 4217 currency code (such as USD, EUR or CHF)."),
            code="currency",
            params={"value": value},
        )
