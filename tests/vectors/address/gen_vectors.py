#!/usr/bin/env python3
"""Generates the derived address vector files in this folder, the way Bitcoin Core's
contrib/testgen/gen_key_io_test_vectors.py makes key_io_valid.json: an independent Python
implementation of base58check and bech32 (written from the BIPs, not from Sightline's Rust)
encodes seeded random payloads for every mainnet version Sightline knows.

Inputs: ../../../../shared/data/ofac/ofac_digital_currency_addresses.json (real addresses);
the BIP mediawiki texts when given as arguments (bip173, bip350).
Run: python3 gen_vectors.py [BIP173.mediawiki BIP350.mediawiki]
Outputs: key_io.json, ofac_addresses.json (and bip173.json, bip350.json with arguments).
"""
import hashlib, json, os, random, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
XRP = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz"


def b58enc(data, alpha=B58):
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = alpha[r] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return alpha[0] * pad + out


def b58dec(s, alpha=B58):
    n = 0
    for c in s:
        n = n * 58 + alpha.index(c)
    pad = len(s) - len(s.lstrip(alpha[0]))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * pad + body


def sha256d(b):
    return hashlib.sha256(hashlib.sha256(b).digest()).digest()


def b58check(data, alpha=B58):
    return b58enc(data + sha256d(data)[:4], alpha)


# BIP-173/350 reference algorithm.
CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((top >> i) & 1) else 0
    return chk


def hrp_expand(hrp):
    return [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]


def convertbits(data, frombits, tobits):
    acc = bits = 0
    ret = []
    for v in data:
        acc = (acc << frombits) | v
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            ret.append((acc >> bits) & ((1 << tobits) - 1))
    if bits:
        ret.append((acc << (tobits - bits)) & ((1 << tobits) - 1))
    return ret


def bech32_encode(hrp, data5, const):
    values = hrp_expand(hrp) + data5
    pm = polymod(values + [0] * 6) ^ const
    chk = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(CHARSET[d] for d in data5 + chk)


def segwit_encode(hrp, ver, prog):
    return bech32_encode(hrp, [ver] + convertbits(prog, 8, 5), 1 if ver == 0 else 0x2BC830A3)


BASE58 = [  # version hex, kind, chains
    ("00", "P2pkh", ["bitcoin", "bitcoin-cash", "bitcoin-sv"]),
    ("05", "P2sh", ["bitcoin", "litecoin", "bitcoin-cash", "bitcoin-sv"]),
    ("30", "P2pkh", ["litecoin"]),
    ("32", "P2sh", ["litecoin"]),
    ("1e", "P2pkh", ["verge", "dogecoin"]),
    ("16", "P2sh", ["dogecoin"]),
    ("21", "P2sh", ["verge"]),
    ("4c", "P2pkh", ["dash"]),
    ("10", "P2sh", ["dash"]),
    ("1cb8", "P2pkh", ["zcash"]),
    ("1cbd", "P2sh", ["zcash"]),
    ("26", "P2pkh", ["bitcoin-gold"]),
    ("17", "P2sh", ["bitcoin-gold"]),
]


def key_io():
    rng = random.Random(20261125)
    rb = lambda n: bytes(rng.getrandbits(8) for _ in range(n))
    valid, invalid = [], []

    def v(inp, family, kind, chains, canonical, prefix, payload):
        valid.append({"input": inp, "family": family, "kind": kind, "chains": sorted(chains),
                      "canonical": canonical, "key_prefix": prefix, "key_payload": payload.hex()})

    for ver, kind, chains in BASE58:
        for h in (rb(20), b"\0" * 20, b"\xff" * 20):
            s = b58check(bytes.fromhex(ver) + h)
            v(s, "Base58Check", kind, chains, s, "01" + ver, h)
        # Known version, wrong payload length (19 and 21 bytes).
        for n in (19, 21):
            s = b58check(bytes.fromhex(ver) + rb(n))
            # Longer than any base58check address (36): no family has that shape.
            invalid.append({"input": s, "error": "BadLength(Base58Check)" if len(s) <= 36 else "UnknownFormat"})
    for ver in ("6f", "c4", "80", "02", "1d25"):  # testnet p2pkh/p2sh, WIF, unknown
        invalid.append({"input": b58check(bytes.fromhex(ver) + rb(20)), "error": "UnknownVersion(Base58Check)"})
    # Tron, both forms.
    for h in (rb(20), rb(20)):
        t = b58check(b"\x41" + h)
        v(t, "Tron", "Tron", ["tron"], t, "09", h)
        # The hex form has no checksum: candidate_only (shown only when listed).
        for hx in (h.hex(), h.hex().upper()):
            v("41" + hx, "Tron", "Tron", ["tron"], t, "09", h)
            valid[-1]["candidate_only"] = True
    # 0x41 with 21 bytes: 36 characters starting with '2', so not Tron's shape.
    invalid.append({"input": b58check(b"\x41" + rb(21)), "error": "UnknownVersion(Base58Check)"})
    invalid.append({"input": b58check(b"\x41" + rb(20))[:-1] + "T", "error": "BadChecksum(Tron)"})
    # XRP.
    for h in (rb(20), b"\0" * 20):
        x = b58check(b"\0" + h, XRP)
        v(x, "Xrp", "Xrp", ["xrp"], x, "06", h)
    for n in (19, 21):
        x = b58check(b"\0" + rb(n), XRP)
        invalid.append({"input": x, "error": "BadLength(Xrp)" if len(x) <= 35 else "UnknownFormat"})
    # Segwit: every version and the program lengths BIP-141/350 allow.
    for hrp, chain in (("bc", "bitcoin"), ("ltc", "litecoin")):
        for ver, n, kind in ((0, 20, "SegwitV0Keyhash"), (0, 32, "SegwitV0Scripthash"), (1, 32, "Taproot"),
                             (1, 20, "SegwitFuture"), (2, 2, "SegwitFuture"), (16, 40, "SegwitFuture")):
            p = rb(n)
            s = segwit_encode(hrp, ver, p)
            v(s, "Segwit", kind, [chain], s, "03" + hrp.encode().hex() + "%02x" % ver, p)
            v(s.upper(), "Segwit", kind, [chain], s, "03" + hrp.encode().hex() + "%02x" % ver, p)
        invalid.append({"input": segwit_encode(hrp, 0, rb(25)), "error": "BadLength(Segwit)"})
        invalid.append({"input": segwit_encode(hrp, 1, rb(41)), "error": "BadLength(Segwit)"})
        # Wrong checksum variant for the version (BIP-350).
        invalid.append({"input": bech32_encode(hrp, [1] + convertbits(rb(32), 8, 5), 1), "error": "BadChecksum(Segwit)"})
        invalid.append({"input": bech32_encode(hrp, [0] + convertbits(rb(20), 8, 5), 0x2BC830A3), "error": "BadChecksum(Segwit)"})
    for hrp in ("tb", "bcrt", "tltc"):
        invalid.append({"input": segwit_encode(hrp, 0, rb(20)), "error": "UnknownVersion(Segwit)"})
    # BNB Beacon.
    for _ in range(2):
        p = rb(20)
        s = bech32_encode("bnb", convertbits(p, 8, 5), 1)
        v(s, "BnbBeacon", "BnbBeacon", ["bnb-beacon"], s, "08", p)
    invalid.append({"input": bech32_encode("bnb", convertbits(rb(32), 8, 5), 1), "error": "BadLength(BnbBeacon)"})
    invalid.append({"input": bech32_encode("bnb", convertbits(rb(20), 8, 5), 0x2BC830A3), "error": "BadChecksum(BnbBeacon)"})
    s = bech32_encode("bnb", convertbits(rb(20), 8, 5), 1)
    invalid.append({"input": s[:10] + s[10:].upper(), "error": "MixedCase"})
    return {
        "source": "generated by gen_vectors.py in this folder (independent Python base58check and BIP-173/350 "
                  "reference bech32; seeded, key_io_valid.json style); keys are hex: prefix = family tag byte + version/hrp bytes",
        "valid": valid,
        "invalid": invalid,
    }


def ofac():
    path = os.path.join(HERE, "../../../../shared/data/ofac/ofac_digital_currency_addresses.json")
    d = json.load(open(path))
    rows = [{"address": a["address"], "currencies": a["currencies"]} for a in d["addresses"] if a["address"]]
    lower_only = [{"address_lower": a["address_lower"], "currencies": a["currencies"]}
                  for a in d["addresses"] if not a["address"]]
    return {
        "source": "shared/data/ofac/ofac_digital_currency_addresses.json (OFAC SDN list, publish date %s; "
                  "primary source %s@%s). Every entry with a non-null address." % (
                      d["sdn_publish_date"], d["primary_source"]["repo"], d["primary_source"]["commit"]),
        "quirks": {
            "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq": "a Tron address filed under XBT (SDN uid 165924); must parse as Tron",
            "5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320": "64 hex digits filed under XMR; not an address, must NOT parse",
        },
        "lower_only_note": "entries published only in lowercase (case unknown); base58 lowercased breaks the checksum, so these must NOT parse",
        "addresses": rows,
        "lower_only": lower_only,
    }


def bip(path, name):
    text = open(path).read()
    tests = text.split("==Test vectors==")[-1] if "==Test vectors==" in text else text.split("===Test vectors===")[-1]
    def items(after, before):
        sec = tests.split(after)[1].split(before)[0]
        return sec
    out = {"source": "%s test vectors, copied verbatim from bitcoin/bips %s" % (name.upper(), os.path.basename(path))}
    addr_valid = items("The following list gives valid segwit addresses", "The following list gives invalid")
    out["valid_addresses"] = [{"address": m.group(1), "script_pubkey": m.group(2)}
                              for m in re.finditer(r"<tt>(\S+)</tt>: <tt>([0-9a-f]+)</tt>", addr_valid)]
    addr_invalid = tests.split("The following list gives invalid segwit addresses")[1].split("==")[0]
    out["invalid_addresses"] = [{"address": m.group(1), "reason": m.group(2).strip()}
                                for m in re.finditer(r"\* <tt>(\S+)</tt>: (.*)", addr_invalid)]
    strings_valid = tests.split("are valid Bech32")[1].split("The following string")[0]
    out["valid_strings"] = re.findall(r"<tt>([^<]+)</tt>", strings_valid)
    strings_invalid = tests.split("The following string are not valid")[1].split("The following list gives valid")[0]
    out["invalid_strings"] = []
    for m in re.finditer(r"\* (0x[0-9A-F]{2} \+ )?<tt>([^<]+)</tt>( \+ 0x[0-9A-F]{2})?: (.*)", strings_invalid):
        s = m.group(2)
        if m.group(1):
            s = chr(int(m.group(1)[2:4], 16)) + s
        if m.group(3):
            s = s + chr(int(m.group(3)[5:7], 16))
        out["invalid_strings"].append({"string": s, "reason": m.group(4).strip()})
    return out


if __name__ == "__main__":
    json.dump(key_io(), open(os.path.join(HERE, "key_io.json"), "w"), indent=1)
    json.dump(ofac(), open(os.path.join(HERE, "ofac_addresses.json"), "w"), indent=1)
    if len(sys.argv) == 3:
        json.dump(bip(sys.argv[1], "bip-0173"), open(os.path.join(HERE, "bip173.json"), "w"), indent=1, ensure_ascii=True)
        json.dump(bip(sys.argv[2], "bip-0350"), open(os.path.join(HERE, "bip350.json"), "w"), indent=1, ensure_ascii=True)
