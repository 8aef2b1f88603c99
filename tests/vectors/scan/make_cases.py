#!/usr/bin/env python3
"""Regenerates cases_*.json and pool.json in this folder (offsets computed, not typed).

Addresses come from the specs (BIP-173/350, EIP-55, cashaddr) and from the real OFAC
data in ../shared/data/ofac/. Run from the repository root:
    python3 tests/vectors/scan/make_cases.py
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

def b58decode(s):
    n = 0
    for c in s:
        n = n * 58 + B58.index(c)
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return b"\0" * (len(s) - len(s.lstrip("1"))) + raw

# One or more per family, each valid by its spec.
POOL = {
    "btc_p2pkh": "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
    "btc_p2sh": "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
    "btc_p2wpkh": "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
    "btc_p2wpkh_upper": "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
    "btc_p2wsh": "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
    "btc_p2tr": "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
    "btc_ofac": "123WBUDmSJv4GctdVEz6Qq6z8nXSKrJ4KX",
    "btc_ofac_bech32": "bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw",
    "evm_eip55_1": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "evm_eip55_2": "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "evm_eip55_3": "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "evm_eip55_4": "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    "evm_lazarus": "0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
    "evm_lower": "0xd882cfc20f52f2599d84b8e8d58c7fb62cfe344b",
    "ltc_legacy": "LaizKtS5DUhPuP1nTQcc83MS7HwK6vk85z",
    "ltc_bech32": "ltc1qr8ntsedq8tv0svmxqhzvdcdl5k7kntdmnhwep7",
    "bch_cashaddr": "qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq",
    "bch_cashaddr_spec": "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
    "bch_legacy": "18M8bJWMzWHDBMxoLqjHHAffdRy4SrzkfB",
    "bsv": "12sjrrhoFEsedNRhtgwvvRqjFTh8fZTDX9",
    "btg": "GPwg61XoHqQPNmAucFACuQ5H9sGCDv9TpS",
    "dash": "XcuGqRfrR85zyDrzVr1gSL5RNjwwpbu2KS",
    "zec": "t1g7wowvQ8gn2v8jrU1biyJ26sieNqNsBJy",
    "xvg": "DFFJhnQNZf8rf67tYnesPu7MuGUpYtzv7Z",
    "doge": "DHzAVdEoL3PjGeLWNdEJwwMA1CeQ9J9Cpo",
    "bnb": "bnb136ns6lfw4zs5hg4n85vdthaad7hq5m4gtkgf23",
    "tron": "TA3rH2A7iHnm6pKH8gr9cK1EZnShnmZdFg",
    "xmr_standard": "44dZUJ7w1T3fKAvFW8XyXUVoAGSbFvXef2wcbnsjNKGWYorpLJBjth5VKSFhLGkpYKJb2J341tdZHBnbpv72WL7e8zuxfR2",
    "xmr_8": "84AwzjeFWXNEuhj8LWinXo93AqYr6wS8ZcnaBCoGhrL7EtvBMBovdhiUSV9xLhjrPA8t64hYSaMc8bHtWXoV9129EHUjU62",
    "xrp": "rnXyVQzgxZe7TR1EPzTkGj2jxH4LMJYh66",
}
SOLANA = {
    "sol_1": "42RLPACwZPx3vYYmxSueqsogfynBDqXK298EDsNoyoHi",
    "sol_2": "6wjqWWra8ombzaw6VHrG5xpQ972jCYF6bbHiFCbWmr4U",
    "sol_3": "Fc1EwQUZyTEagaDvA1utHXCcZNyG1x2PLt2DfNu1cJdH",
    "sol_4": "FuCC7GoYwt5TsNTjWL23Xx9UKCvC18chjMEFPL3vJDCC",
}
TRON_HEX = "41" + b58decode(POOL["tron"])[1:21].hex()

def case(name, text, spans, note=""):
    """spans: list of (substring, occurrence, candidate_only)."""
    exp, cursor = [], 0
    for sub, cand in spans:
        i = text.index(sub, cursor)
        exp.append({"address": sub, "start": len(text[:i].encode()),
                    "end": len(text[:i].encode()) + len(sub.encode()), "candidate_only": cand})
        cursor = i + len(sub)
    return {"name": name, "note": note, "text": text, "expect": exp}

def write(fname, cases):
    with open(os.path.join(HERE, fname), "w") as f:
        json.dump(cases, f, indent=1, ensure_ascii=False)
        f.write("\n")

P = POOL
# 1. Every family, alone and next to punctuation.
punct = []
for k, a in P.items():
    punct.append(case(f"{k} alone", a, [(a, False)]))
    for l, r in ["  ", "()", "[]", "''", '""', "<>", " .", " ,", " ;", "\t\n", "*_", "`!"]:
        punct.append(case(f"{k} in {l!r}{r!r}", f"x{l}{a}{r}y", [(a, False)]))
write("cases_punctuation.json", punct)

# 2. URLs, URIs, JSON, CSV, HTML-ish, non-ASCII neighbours.
ev, ev2, btc = P["evm_eip55_1"], P["evm_lazarus"], P["btc_p2pkh"]
cash_body = P["bch_cashaddr_spec"].split(":")[1]
ctx = [
    case("etherscan path", f"https://etherscan.io/address/{ev}#code", [(ev, False)]),
    case("query param", f"https://example.com/tx?a={ev}&b=1", [(ev, False)]),
    case("bip21", f"bitcoin:{btc}?amount=0.1&label=Luke-Jr", [(btc, False)]),
    case("bip21 bech32 upper", f"BITCOIN:{P['btc_p2wpkh_upper']}?amount=1", [(P['btc_p2wpkh_upper'], False)]),
    case("eip681 transfer", f"ethereum:{ev}@1/transfer?address={ev2}&uint256=1e18",
         [(ev, False), (ev2, False)]),
    case("cashaddr uri keeps prefix", f"pay {P['bch_cashaddr_spec']}?amount=1",
         [(P['bch_cashaddr_spec'], False)]),
    case("cashaddr prefix upper", f"BITCOINCASH:{cash_body.upper()}", [(f"BITCOINCASH:{cash_body.upper()}", False)]),
    case("cashaddr without prefix", f"to {cash_body}.", [(cash_body, False)]),
    case("cashaddr after other word", f"xbitcoincash:{cash_body}", [(cash_body, False)],
         "a glued word before the prefix: the prefix is not a word, the body still is an address"),
    case("json", f'{{"from":"{ev}","to":"{P["tron"]}","xmr":"{P["xmr_standard"]}"}}',
         [(ev, False), (P["tron"], False), (P["xmr_standard"], False)]),
    case("csv", f"id,address,label\n1,{btc},genesis\n2,{P['ltc_bech32']},ltc\n3,{P['dash']},dash\n",
         [(btc, False), (P["ltc_bech32"], False), (P["dash"], False)]),
    case("html attribute", f'<a href="/address/{ev}" title="{P["xrp"]}">x</a>',
         [(ev, False), (P["xrp"], False)]),
    case("cjk neighbours", f"地址{btc}请转账{ev}。", [(btc, False), (ev, False)]),
    case("emoji neighbours", f"💰{P['bnb']}💰", [(P["bnb"], False)]),
    case("markdown", f"**{P['btc_p2tr']}** and `{P['zec']}`", [(P["btc_p2tr"], False), (P["zec"], False)]),
    case("tron hex form", f"owner_address: {TRON_HEX}", [(TRON_HEX, True)],
         "no checksum: reported as a candidate for exact lookup"),
    case("many on one line", " ".join(P.values()),
         [(a, False) for a in P.values()]),
]
write("cases_context.json", ctx)

# 3. Things that must not be found.
tx = "0x" + ev[2:].lower() + "ab" * 12
neg = [
    case("evm inside tx hash", f"tx {tx} confirmed", []),
    case("40 hex inside 64 hex", f"{ev[2:].lower()}{'cd' * 12}", []),
    case("bare 40 hex (git sha, no 0x)", ev[2:].lower(), []),
    case("0x + 41 hex", ev + "a", []),
    case("0x + 39 hex", ev[:-1], []),
    case("evm glued after", ev + "g", []),
    case("evm glued before", "a" + ev, []),
    case("base58 glued after", btc + "x", []),
    case("base58 glued before", "x" + btc, []),
    case("base58 glued both", "ab" + btc + "cd", []),
    case("bech32 glued", "x" + P["btc_p2wpkh"], []),
    case("monero glued", P["xmr_standard"] + "a", []),
    case("bad eip55", ev[:5] + ev[5].swapcase() + ev[6:], []),
    case("bad base58 checksum", btc[:-1] + ("b" if btc[-1] != "b" else "c"), []),
    case("bad bech32 checksum", P["btc_p2wpkh"][:-1] + "5", []),
    case("ipfs cidv0", "ipfs://QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG/readme", []),
    case("ipfs cidv1", "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi", []),
    case("uuid", "id=3f1e2d4c-5b6a-4789-8abc-def012345678", []),
    case("english long words", "Pneumonoultramicroscopicsilicovolcanoconiosis antidisestablishmentarianism", []),
    case("camelCase identifier", "getTransactionReceiptWithProofsAndMetadata", []),
    case("xpub (111 chars)", "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8", []),
    case("wif key (51 chars)", "5HueCGU8rMjxEXxiPuD5BY9kc4pGwndyCiDo3bPp2CAFpA7j4SJ", []),
]
write("cases_negative.json", neg)

# 4. Solana: candidates only, and only when the token looks like a key.
sol = [case(f"{k}", f"account {a} owner", [(a, True)]) for k, a in SOLANA.items()]
sol += [
    case("solscan url", f"https://solscan.io/account/{SOLANA['sol_1']}?cluster=mainnet",
         [(SOLANA["sol_1"], True)]),
    case("system program (all digits)", "11111111111111111111111111111111", []),
    case("base64 neighbour", f"+{SOLANA['sol_2']}+", []),
    case("solana glued", SOLANA["sol_3"] + "x", []),
    case("bc1-prefixed base58 word that is not key-like", "bc1qwertyuiopasdfghjkzxcvbnmqwertyuiopasdfgh", [],
         "a bc1-prefixed base58 word is reported only as checksummed bech32 or, if the parser "
         "calls it a Solana key, after the key test"),
]
write("cases_solana.json", sol)

write("pool.json", {"addresses": list(P.values()), "solana": list(SOLANA.values()),
                    "note": "valid addresses for property tests; regenerate with make_cases.py"})
print("ok", len(punct), len(ctx), len(neg), len(sol))
