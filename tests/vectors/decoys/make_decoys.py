#!/usr/bin/env python3
"""Regenerates the decoy corpus in this folder (fixed seed, so the files are stable).

Each file holds strings that look like addresses to a naive regex but are not addresses
(or not checksum-valid ones). tests/suite/scan_decoys.rs asserts the scanner reports
nothing here except `candidate_only` Solana shapes (a new file must be listed in
tests/suite/vectors.rs too); benches/peers/run.mjs counts every peer's false positives
on the same files. Run from the repository root:
    python3 tests/vectors/decoys/make_decoys.py
"""
import base64, hashlib, json, os, random, uuid

HERE = os.path.dirname(os.path.abspath(__file__))
R = random.Random(20260825)
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
HEX = "0123456789abcdef"

def b58encode(b):
    n = int.from_bytes(b, "big")
    s = ""
    while n:
        n, r = divmod(n, 58)
        s = B58[r] + s
    return "1" * (len(b) - len(b.lstrip(b"\0"))) + s

def rbytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))

def rhex(n):
    return "".join(R.choice(HEX) for _ in range(n))

def write(name, lines):
    with open(os.path.join(HERE, name), "w") as f:
        f.write("\n".join(lines) + "\n")

# Valid addresses to mutate into near misses (from the scan vector pool).
pool = json.load(open(os.path.join(HERE, "..", "scan", "pool.json")))["addresses"]

write("tx_hashes.txt",
      [f"ETH tx 0x{rhex(64)} in block {R.randint(1, 2**24)}" for _ in range(300)]
      + [f"https://etherscan.io/tx/0x{rhex(64)}" for _ in range(100)]
      + [f"BTC txid {rhex(64)}" for _ in range(300)]
      + [f"https://mempool.space/tx/{rhex(64)}" for _ in range(100)]
      + [f"block 0000000000000000000{rhex(45)}" for _ in range(50)]
      + [f"TRON tx {rhex(64)}; XMR tx <{rhex(64)}>" for _ in range(100)]
      + [f"signature 0x{rhex(130)}" for _ in range(50)]
      + [f"private key 0x{rhex(64)} / {rhex(64)}" for _ in range(50)])

write("git_pgp_hashes.txt",
      [f"commit {rhex(40)}" for _ in range(300)]
      + [f"Merge: {rhex(7)} {rhex(7)}; tree {rhex(40)}" for _ in range(100)]
      + ["fingerprint " + " ".join(rhex(4).upper() for _ in range(10)) for _ in range(100)]
      + [f"gpg --recv-keys {rhex(40).upper()}" for _ in range(100)]
      + [f"sha1 {rhex(40)} sha256 {rhex(64)} md5 {rhex(32)}" for _ in range(100)]
      + [f"key id 0x{rhex(16).upper()}, payment id {rhex(16)}" for _ in range(50)]
      + [f"0x{rhex(40)}{rhex(2)}" for _ in range(50)]  # 42 hex after 0x: not 40
      + [f"{rhex(42)}" for _ in range(50)])  # bare 42-hex runs (Tron hex shape only with "41")

def cidv0():
    return b58encode(b"\x12\x20" + hashlib.sha256(rbytes(16)).digest())

def cidv1():
    raw = b"\x01\x70\x12\x20" + hashlib.sha256(rbytes(16)).digest()
    return "b" + base64.b32encode(raw).decode().lower().rstrip("=")

write("ipfs_cids.txt",
      [f"ipfs://{cidv0()}" for _ in range(200)]
      + [f"https://ipfs.io/ipfs/{cidv0()}/index.html" for _ in range(100)]
      + [f"{cidv1()} pinned" for _ in range(200)]
      + [f"https://{cidv1()}.ipfs.dweb.link/" for _ in range(100)])

write("uuids.txt",
      [str(uuid.UUID(int=R.getrandbits(128), version=4)) for _ in range(300)]
      + [f"urn:uuid:{uuid.UUID(int=R.getrandbits(128), version=4)}" for _ in range(100)]
      + [uuid.UUID(int=R.getrandbits(128), version=4).hex for _ in range(200)])

# Random base58 words of address lengths: no valid checksum (2^-32 odds per word).
def rb58(n):
    return "".join(R.choice(B58) for _ in range(n))
write("random_base58.txt",
      [rb58(R.randint(25, 35)) for _ in range(1500)]
      + ["1" + rb58(33) for _ in range(300)] + ["3" + rb58(33) for _ in range(300)]
      + ["T" + rb58(33) for _ in range(300)] + ["r" + rb58(R.randint(24, 34)) for _ in range(300)]
      + ["4" + rb58(94) for _ in range(100)] + ["8" + rb58(105) for _ in range(100)]
      + ["L" + rb58(33) for _ in range(200)] + ["D" + rb58(33) for _ in range(200)]
      + ["t1" + rb58(33) for _ in range(200)] + ["X" + rb58(33) for _ in range(200)])

# One-character changes to valid addresses (checksums must catch them).
def near_miss(a):
    out = []
    if a.startswith("0x"):
        # Flip the case of one letter of a mixed-case (EIP-55) address: checksum breaks.
        if a[2:] != a[2:].lower() and a[2:] != a[2:].upper():
            idx = [i for i, c in enumerate(a) if i > 1 and c.isalpha()]
            for i in R.sample(idx, min(5, len(idx))):
                out.append(a[:i] + a[i].swapcase() + a[i + 1:])
        return out
    body_start = a.index(":") + 1 if ":" in a else 0
    alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l" if (a[:4].lower() in ("bc1q", "bc1p", "ltc1", "bnb1") or a.startswith(("q", "p", "bitcoincash:"))) else B58
    for _ in range(8):
        i = R.randrange(max(body_start, 5), len(a))
        c = a[i]
        choices = [x for x in alphabet if x != c.lower() and x != c]
        n = R.choice(choices)
        if a[i].isupper() and alphabet != B58:
            n = n.upper()
        out.append(a[:i] + n + a[i + 1:])
    # And a transposition of two neighbours.
    i = R.randrange(max(body_start, 5), len(a) - 1)
    if a[i] != a[i + 1]:
        out.append(a[:i] + a[i + 1] + a[i] + a[i + 2:])
    return out
nm = []
for a in pool:
    nm += near_miss(a)
write("near_miss_checksums.txt", [f"send to {x} now" for x in nm])

write("base64_blobs.txt",
      [base64.b64encode(rbytes(R.randint(40, 300))).decode() for _ in range(300)]
      + [f"data:image/png;base64,{base64.b64encode(rbytes(600)).decode()}" for _ in range(30)]
      + ["-----BEGIN PGP SIGNATURE-----"]
      + [base64.b64encode(rbytes(48)).decode() for _ in range(100)]
      + ["-----END PGP SIGNATURE-----"])

write("keys_and_tokens.txt",
      ["xpub661My" + rb58(102) for _ in range(100)]  # 111 chars
      + ["5H" + rb58(49) for _ in range(100)] + ["K" + rb58(51) for _ in range(100)]  # WIF
      + [rb58(R.randint(86, 88)) for _ in range(100)]  # Solana tx signatures
      + [f"lnbc{R.randint(1, 999)}u1p" + "".join(R.choice("qpzry9x8gf2tvdw0s3jn54khce6mua7l") for _ in range(200)) for _ in range(50)]
      + ["eyJhbGciOiJIUzI1NiJ9." + base64.urlsafe_b64encode(rbytes(60)).decode().rstrip("=") + "." + base64.urlsafe_b64encode(rbytes(32)).decode().rstrip("=") for _ in range(100)]
      + [f"AKIA{''.join(R.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567') for _ in range(16))}" for _ in range(50)]
      + [f"ghp_{''.join(R.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') for _ in range(36))}" for _ in range(100)])

words = open("/usr/share/dict/words").read().split() if os.path.exists("/usr/share/dict/words") else []
prose = []
longw = ["Pneumonoultramicroscopicsilicovolcanoconiosis", "Supercalifragilisticexpialidocious",
         "Antidisestablishmentarianism", "Floccinaucinihilipilification",
         "getTransactionReceiptWithProofsAndMetadata", "AbstractSingletonProxyFactoryBean2",
         "HTMLInputElementPrototypeValueSetterV2", "ERC721EnumerableUpgradeableWithRoyalties",
         "internationalizationAndLocalization2024", "XMLHttpRequestEventTargetPrototype9",
         "QmWhatAboutThisLongIdentifierNameHereToo", "TheQuickBrownFoxJumpsOverTheLazyDog123"]
for i in range(300):
    w = [R.choice(words) if words else rb58(R.randint(2, 9)).lower() for _ in range(12)]
    w.insert(R.randrange(len(w)), R.choice(longw))
    prose.append(" ".join(w))
write("words_identifiers.txt", prose + longw + [f"{R.choice(longw)}{R.randint(1, 9999)}" for _ in range(100)])
print("near misses:", len(nm))
