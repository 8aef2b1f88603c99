#!/usr/bin/env python3
"""Writes benches/peers/inputs.json: the validation inputs of the peer benchmark.

valid: every address on the OFAC SDN list (../shared/data/ofac/ofac_digital_currency_addresses.json,
SDN list of 2026-08-20) with the currency a user would tell multicoin-address-validator;
invalid: one-character near misses of them (same told currency). Run from the repo root:
    python3 benches/peers/make_inputs.py [path/to/ofac_digital_currency_addresses.json]
"""
import json, os, random, sys

SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "../../../shared/data/ofac/ofac_digital_currency_addresses.json")
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
# multicoin-address-validator's names for the OFAC asset codes.
SYM = {"XBT": "btc", "LTC": "ltc", "BCH": "bch", "BSV": "bsv", "BTG": "btg", "DASH": "dash",
       "ZEC": "zec", "DOGE": "doge", "XMR": "xmr", "XRP": "xrp", "SOL": "sol", "TRX": "trx",
       "ETH": "eth", "ETC": "eth", "ARB": "eth", "BSC": "eth", "USDC": "eth", "BNB": "Binance",
       "XVG": None}

def told(addr, currencies):
    if addr.startswith("0x"):
        return "eth"
    if addr.startswith("T"):
        return "trx"
    for c in currencies:
        if c != "USDT":
            return SYM.get(c)
    return "btc"  # USDT on Omni: Bitcoin addresses

R = random.Random(7)
d = json.load(open(SRC))
valid, invalid = [], []
for a in d["addresses"]:
    s = a["address"]
    if not s or len(s) == 64:  # the 64-hex value OFAC files under XMR is not an address
        continue
    cur = told(s, a["currencies"])
    valid.append({"address": s, "currency": cur, "listed": a["currencies"]})
    if s.startswith("0x"):
        if s[2:] in (s[2:].lower(), s[2:].upper()):
            continue  # no checksum to break
        i = R.choice([i for i, c in enumerate(s) if i > 1 and c.isalpha()])
        bad = s[:i] + s[i].swapcase() + s[i + 1:]
    else:
        alpha = BECH if s[:4].lower() in ("bc1q", "bc1p", "ltc1", "bnb1") or s[0] in "qp" else B58
        i = R.randrange(5, len(s))
        bad = s[:i] + R.choice([c for c in alpha if c != s[i]]) + s[i + 1:]
    invalid.append({"address": bad, "currency": cur})
out = {"source": "OFAC SDN list of " + d.get("sdn_publish_date", "?"), "valid": valid, "invalid": invalid}
with open(os.path.join(os.path.dirname(__file__), "inputs.json"), "w") as f:
    json.dump(out, f, indent=0)
print(len(valid), "valid,", len(invalid), "invalid")
