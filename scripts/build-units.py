#!/usr/bin/env python3
"""Generates Plugins/Figures/Scanning/GeneratedUnits.swift: the currency and unit names that
extract_figures reads after (and, for currency symbols and codes, before) a number.

usage: scripts/build-units.py            (uses .build/gazetteer-venv, created when missing)

Sources, each under its own licence (noted in the generated file):
- the active ISO 4217 codes: pycountry (LGPL-2.1; the data is the Debian iso-codes list);
- currency names (English singular and plural, Simplified and Traditional Chinese) and symbols:
  the Unicode CLDR through Babel (Unicode licence / BSD-3-Clause);
- English unit names, symbols and dimensions: pint's default registry (BSD-3-Clause).

What is chosen here, not taken as is:
- funds, metals and test codes (X.. except the CFA and East Caribbean currencies) are left out;
- codes that are also English words in capitals (ALL, TOP, CUP, …) are read only as written
  next to a currency amount elsewhere, so they are left out of the code list;
- a bare currency noun ("pesos", "kronor") maps to one code only when one active currency uses
  it, or by the convention in BARE_DEFAULTS (the currency most news means by it);
- a pint unit is kept when its dimension is one Glean reports (length, area, volume, mass,
  time, temperature, speed, energy, power, pressure, data, frequency) and its name is not an
  everyday English word that follows numbers as a count ("points", "hands", "lines"…).
"""
import os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".build", "gazetteer-venv")
OUTPUT = os.path.join(ROOT, "Plugins", "Figures", "Scanning", "GeneratedUnits.swift")

if sys.prefix != VENV and os.environ.get("GLEAN_UNITS_VENV") != "1":
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    subprocess.check_call([python, "-m", "pip", "install", "-q", "babel==2.19.0", "pycountry==26.2.16", "pint==0.25.3"])
    os.execv(python, [python, __file__] + sys.argv[1:])

import babel, pint, pycountry  # noqa: E402
from babel.numbers import get_currency_name, get_currency_symbol  # noqa: E402

# Codes that are English words or common abbreviations in capitals.
CODE_WORDS = {"ALL", "TOP", "CUP", "MOP", "PEN", "MAD", "SOS", "BOB", "BAM", "GEL", "TRY", "LAK", "MNT", "AMD", "STN", "SLE", "SLL", "VES", "VED"}
KEEP_X = {"XAF", "XOF", "XCD", "XPF"}
# Funds and units of account (ISO 4217 lists them beside the currencies they track).
FUNDS = {"BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW"}
# What a bare noun means when several currencies use it.
BARE_DEFAULTS = {"dollar": "USD", "pound": "GBP", "franc": "CHF", "peso": "MXN", "rupee": "INR", "krona": "SEK",
                 "krone": "DKK", "dinar": "KWD", "riyal": "SAR", "rial": "IRR", "shilling": "KES", "real": "BRL",
                 "dirham": "AED", "rand": "ZAR", "yuan": "CNY", "won": "KRW", "lira": "TRY", "ruble": "RUB", "rouble": "RUB"}
# Bare nouns never read as money: ordinary words, or units Glean reads otherwise.
BARE_NEVER = {"mark", "pound", "dram", "won", "real", "rand", "lek", "kip", "som", "lari", "leu", "lev", "vatu", "tala",
              "pula", "loti", "kina", "cedi", "colón", "naira", "dong"}
IRREGULAR_PLURALS = {"real": ["reais", "reals"], "krona": ["kronor", "kronur"], "krone": ["kroner"], "rupee": ["rupees"],
                     "peso": ["pesos"], "lira": ["lire", "liras"], "yen": ["yen"], "yuan": ["yuan"], "won": ["won"],
                     "rand": ["rand"], "baht": ["baht"], "shekel": ["shekels"], "złoty": ["złotys", "zloty", "zlotys", "zlotych"],
                     "euro": ["euros", "euro"], "forint": ["forints", "forint"], "ringgit": ["ringgit", "ringgits"]}


def currencies():
    rows = set()  # (code, where, pattern)
    bare = {}
    for currency in pycountry.currencies:
        code = currency.alpha_3
        if code.startswith("X") and code not in KEEP_X or code in FUNDS:
            continue
        if code not in CODE_WORDS:
            rows.add((code, "both", "=" + code))  # codes match as written, in capitals
        names = set()
        for locale, count in (("en", 1), ("en", 2)):
            name = get_currency_name(code, count=count, locale=locale)
            if name and name != code:
                names.add(name.lower())
        singular = get_currency_name(code, locale="en").lower()
        for name in list(names):
            words = name.split()
            if len(words) >= 2:
                # "brazilian real" → also "brazilian reais" (the plural news writes).
                for plural in IRREGULAR_PLURALS.get(words[-1], []):
                    names.add(" ".join(words[:-1] + [plural]))
        for name in names:
            if "(" in name:
                continue
            if len(name.split()) >= 2 or name.split()[-1] not in BARE_NEVER and name.split()[-1] != singular.split()[-1] + "s" and len(singular.split()) == 1:
                rows.add((code, "after", name))
        head = singular.split()[-1]
        bare.setdefault(head, set()).add(code)
        for locale in ("zh", "zh_Hant"):
            name = get_currency_name(code, locale=locale)
            if name and name != code and "(" not in name and "（" not in name and any(ord(c) > 0x2E80 for c in name):
                rows.add((code, "after", name))
        symbol = get_currency_symbol(code, "en")
        if symbol and symbol != code and not symbol.isalpha():
            rows.add((code, "both", symbol.lower()))
    for head, codes in bare.items():
        if head in BARE_NEVER:
            continue
        code = BARE_DEFAULTS.get(head) or (next(iter(codes)) if len(codes) == 1 else None)
        if not code:
            continue
        for form in [head] + IRREGULAR_PLURALS.get(head, [head + "s"]):
            rows.add((code, "after", form))
    # A symbol shared by several currencies (CLDR gives "$" to USD only in English) is kept once.
    seen = {}
    for code, where, pattern in sorted(rows):
        if (where, pattern) in seen and seen[(where, pattern)] != code:
            seen[(where, pattern)] = None
        else:
            seen.setdefault((where, pattern), code)
    return sorted((code, where, pattern) for (where, pattern), code in seen.items() if code)


# Each dimension Glean reports, by a unit that has it.
DIMENSIONS = {"length": "meter", "area": "meter ** 2", "volume": "liter", "mass": "gram", "time": "second",
              "temperature": "kelvin", "speed": "meter / second", "energy": "joule", "power": "watt", "pressure": "pascal",
              "frequency": "hertz"}
# Everyday words that follow numbers as counts, or that Glean reads otherwise.
UNIT_NEVER = {"point", "hand", "line", "link", "chain", "rod", "pole", "perch", "grain", "shake", "jiffy", "square", "bag",
              "bolt", "finger", "nail", "span", "cable", "pica", "barn", "quad", "tex", "sol", "year", "month", "week", "day",
              "hour", "minute", "second", "percent", "degree", "turn", "mil", "cup", "drop", "shot", "pinch", "dash",
              "stere", "rem", "bar", "atom", "unit", "tonne", "ton", "pound", "metre", "meter", "kelvin", "stone_weight",
              "planck_time", "planck_length", "scruple", "denier", "peck", "batten", "hogshead", "firkin", "gill", "survey",
              "are", "fifth", "quarter", "slug", "blob", "slinch", "slugette", "cicero", "didot", "minim", "darcy", "fermi",
              "bohr", "curie", "rutherford", "dalton", "cables_length", "baud", "bps", "cps", "fps", "px", "ly", "kt", "au", "pc",
              "sft", "smi", "dpi", "sound_pressure_level", "LMH", "gamma_mass", "ft_lb", "footpound", "avdp", "barad", "barie",
              "barrie", "baryd", "barye", "drachm", "pennyweight", "technical_atmosphere", "international", "liquid", "dry"}
# Names of physical constants and instrument readings, not quantities news reports.
UNIT_NEVER_PARTS = ("mass", "radius", "atomic", "planck", "electron", "proton", "neutron", "speed_of_light", "x_unit", "H2O",
                    "Hg", "apothecary", "avoirdupois", "imperial_", "_per_", "force", "knot_international", "_th", "conventional",
                    "fifteen", "hartree", "cooling_tower", "boiler", "atmosphere_liter", "decibel")
PREFIXABLE = {"meter": "m", "gram": "g", "liter": "l", "joule": "J", "watt": "W", "calorie": "cal", "pascal": "Pa", "hertz": "Hz",
              "second": "s", "watt_hour": "Wh", "electron_volt": "eV"}
PREFIXES = {"kilo": "k", "mega": "M", "giga": "G", "milli": "m", "micro": "μ", "nano": "n", "centi": "c", "tera": "T"}


def plural(name):
    words = name.split()
    last = words[-1]
    irregular = {"foot": "feet", "inch": "inches", "century": "centuries", "millennium": "millennia", "hertz": "hertz",
                 "celsius": "celsius", "fahrenheit": "fahrenheit", "horsepower": "horsepower", "lux": "lux"}
    if last in irregular:
        last = irregular[last]
    elif last.endswith("hertz"):
        pass
    elif last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return " ".join(words[:-1] + [last])


def units():
    registry = pint.UnitRegistry()
    dimensions = {str(registry.get_dimensionality(unit)): name for name, unit in DIMENSIONS.items()}
    rows = set()  # (unit, dimension, pattern)
    for name, definition in registry._units.items():
        if name != definition.name or name.startswith("_") or name in UNIT_NEVER or any(p in name for p in UNIT_NEVER_PARTS):
            continue
        try:
            dimension = dimensions.get(str(registry.get_dimensionality(name)))
        except Exception:
            continue
        if not dimension or dimension in ("time", "temperature"):
            continue  # durations and temperatures are written by hand in UnitLexicon
        symbol = definition.symbol if definition.symbol and "_" not in definition.symbol else name
        words = [name] + [a for a in definition.aliases if a.replace("_", "").isalpha() and a.islower()]
        for word in words:
            if word in UNIT_NEVER or any(p in word for p in UNIT_NEVER_PARTS) or word.split("_")[0] in UNIT_NEVER:
                continue
            spelled = word.replace("_", " ")
            rows.add((symbol, dimension, spelled))
            # "20 stone" is a weight; "20 stones" are pebbles.
            if not (spelled.endswith("s") or spelled.endswith("feet") or spelled in ("horsepower", "stone")):
                rows.add((symbol, dimension, plural(spelled)))
        if definition.symbol and "_" not in definition.symbol and len(definition.symbol) >= 2 and definition.symbol.isascii() \
                and definition.symbol.lower() not in ("in", "am", "at", "pt", "no", "mi", "ct", "dr", "fur", "bu") and definition.symbol not in UNIT_NEVER \
                and definition.symbol != name:
            rows.add((symbol, dimension, "=" + definition.symbol))  # "=" marks case-sensitive symbols
    for base, symbol in PREFIXABLE.items():
        dimension = dimensions.get(str(registry.get_dimensionality(base)))
        if dimension is None or base == "second":
            continue
        spelled = base.replace("_", " ")
        for prefix, short in PREFIXES.items():
            unit = short + symbol
            rows.add((unit, dimension, prefix + spelled))
            rows.add((unit, dimension, plural(prefix + spelled)))
            rows.add((unit, dimension, "=" + unit))
            if base in ("meter", "liter"):
                rows.add((unit, dimension, prefix + spelled.replace("er", "re")))
                rows.add((unit, dimension, prefix + spelled.replace("er", "re") + "s"))
    return sorted(rows)


def swift_string(rows):
    return "\n".join("    " + "\t".join(row) for row in rows)


def main():
    currency_rows = currencies()
    unit_rows = units()
    text = f'''// Generated by scripts/build-units.py — do not edit; run the script to regenerate.
// Currencies: active ISO 4217 codes from pycountry {pycountry.__version__ if hasattr(pycountry, "__version__") else ""} (iso-codes data, LGPL-2.1), names
// and symbols from the Unicode CLDR through Babel {babel.__version__} (Unicode licence, BSD-3-Clause).
// Units: pint {pint.__version__}'s default registry (BSD-3-Clause).

/// Tables ``UnitLexicon`` reads at start-up, one entry per line, fields separated by tabs.
enum GeneratedUnits {{
    /// `CODE\\twhere\\tpattern`: `where` is `after` (after the number), `before` or `both`; a
    /// pattern starting with `=` matches case-sensitively.
    static let currencies = """
{swift_string(currency_rows)}
    """

    /// `unit\\tdimension\\tpattern`: a pattern starting with `=` matches case-sensitively.
    static let measures = """
{swift_string(unit_rows)}
    """
}}
'''
    with open(OUTPUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{OUTPUT}: {len(currency_rows)} currency entries, {len(unit_rows)} unit entries")


if __name__ == "__main__":
    main()
