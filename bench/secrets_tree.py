#!/usr/bin/env python3
"""Generate the `tocsin secrets` benchmark tree: ~70 MiB of source and text files with planted tokens.

Usage: secrets_tree.py OUT_DIR [--mib 70] [--seed 13]

Deterministic for a seed. Files of mixed sizes (a few hundred bytes to 256 KiB) in a dozen
languages, built from code-like lines that also use the words token/password/secret the way
real code does (`const token = getToken()`, about one line in 50), so the generic rule sees the
usual near-misses.

Planted in OUT_DIR/<file>: real-format tokens made here (GitHub/npm with a valid CRC32/base62
checksum, PyPI macaroon, AWS key pair, Slack, Stripe, GitLab, Google, PEM/OpenSSH keys, JWTs,
crates.io) and decoys (the same GitHub/npm tokens with one character changed, so the checksum
fails; documentation placeholders). OUT_DIR/../planted.tsv lists each one as
`kind<TAB>decoy|real<TAB>relative/path<TAB>line` (no token values: the list can be printed).
"""
import argparse
import base64
import json
import os
import random
import string
import zlib

ALNUM = string.digits + string.ascii_uppercase + string.ascii_lowercase  # base62 order


def base62(value, width=6):
    out = ""
    while value:
        out = ALNUM[value % 62] + out
        value //= 62
    return out.rjust(width, "0")


def rand(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def checksummed(rng, prefix):
    body = rand(rng, ALNUM, 30)
    return prefix + body + base62(zlib.crc32(body.encode()))


def corrupt(token, rng):
    i = rng.randrange(len(token) - 30, len(token) - 8)  # inside the random part
    c = "a" if token[i] != "a" else "b"
    return token[:i] + c + token[i + 1:]


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def pypi_token(rng):
    def field(tag, data):
        return bytes([tag, len(data)]) + data

    m = b"\x02" + field(1, b"pypi.org") + field(2, rand(rng, ALNUM, 40).encode()) + b"\x00"
    m += field(2, b'{"version": 1, "permissions": "user"}') + b"\x00\x00"
    m += field(6, bytes(rng.randrange(256) for _ in range(32)))
    return "pypi-" + b64url(m)


def jwt(rng):
    header = b64url(b'{"alg":"RS256","typ":"JWT","kid":"k1"}')
    claims = {"iss": "https://token.actions.githubusercontent.com", "sub": "repo:acme/%s:ref:refs/heads/main"
              % rand(rng, string.ascii_lowercase, 8), "exp": 4102444800, "aud": "sigstore"}
    return header + "." + b64url(json.dumps(claims).encode()) + "." + b64url(bytes(rng.randrange(256)
                                                                                   for _ in range(64)))


def pem_block(rng, label):
    body = base64.b64encode(bytes(rng.randrange(256) for _ in range(600))).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return ["-----BEGIN %s-----" % label] + lines + ["-----END %s-----" % label]


# Each planter returns the lines to insert (the first holds the token; a key block spans several).
def planters(rng):
    up = string.ascii_uppercase
    b32 = up + "234567"
    return {
        "github-ghp": lambda: ['const auth = "%s";' % checksummed(rng, "ghp_")],
        "github-gho": lambda: ["GITHUB_TOKEN: %s" % checksummed(rng, "gho_")],
        "github-pat": lambda: ['token = "github_pat_%s_%s"' % (rand(rng, ALNUM, 22), rand(rng, ALNUM, 59))],
        "npm": lambda: ["//registry.npmjs.org/:_authToken=%s" % checksummed(rng, "npm_")],
        "pypi": lambda: ["password = %s" % pypi_token(rng)],
        "aws": lambda: ["aws_access_key_id = AKIA%s" % rand(rng, b32, 16),
                        "aws_secret_access_key = %s" % rand(rng, ALNUM + "+/", 40)],
        "slack-bot": lambda: ['SLACK = "xoxb-%s-%s-%s"' % (rand(rng, string.digits, 12), rand(rng, string.digits, 13),
                                                           rand(rng, ALNUM, 24))],
        "slack-webhook": lambda: ["url: https://hooks.slack.com/services/T%s/B%s/%s" % (
            rand(rng, up + string.digits, 8), rand(rng, up + string.digits, 10), rand(rng, ALNUM, 24))],
        "stripe": lambda: ['stripe.api_key = "sk_live_%s"' % rand(rng, ALNUM, 24)],
        "gitlab": lambda: ["CI_TOKEN=glpat-%s" % rand(rng, ALNUM + "-_", 20)],
        "google": lambda: ['key: "AIza%s"' % rand(rng, ALNUM + "-_", 35)],
        "crates-io": lambda: ["CARGO_REGISTRY_TOKEN=cio%s" % rand(rng, ALNUM, 32)],
        "jwt": lambda: ["Authorization: Bearer %s" % jwt(rng)],
        "rsa-key": lambda: pem_block(rng, "RSA PRIVATE KEY"),
        "openssh-key": lambda: pem_block(rng, "OPENSSH PRIVATE KEY"),
    }


def decoys(rng):
    return {
        "github-bad-checksum": lambda: ['const auth = "%s";' % corrupt(checksummed(rng, "ghp_"), rng)],
        "npm-bad-checksum": lambda: ["//registry.npmjs.org/:_authToken=%s" % corrupt(checksummed(rng, "npm_"), rng)],
        "github-placeholder": lambda: ['token: "ghp_' + "X" * 36 + '"'],
        "aws-doc-example": lambda: ["aws_access_key_id = AKIAIOSFODNN7EXAMPLE"],
    }


WORDS = ("value result request response config options user name items index count buffer handler "
         "client server message error status data params context module export import return async "
         "await promise callback listener event target source output input stream reader writer path "
         "file line column offset length size limit cache store session account header body query "
         "route method version").split()

# Per language: a comment prefix, common line templates, and rare ones that use the words the
# generic password/token rule looks for (about one line in 50: the density measured on real JS
# packages is about one such word per 2 KB).
LANGS = {
    ".js": ("// ", ['const {a} = require("{b}");', "function {a}({b}, {c}) {{ return {b}.{c}({d}); }}",
                    "  if ({a} === {n}) {{ {b}.push({c}); }}", "const {a} = await fetch(`/api/{b}/${{{c}}}`);",
                    "module.exports = {{ {a}, {b} }};"],
            ["const token = get{A}Token({a});", "  headers: {{ Authorization: `token ${{{a}.token}}` }},"]),
    ".ts": ("// ", ["export interface {A} {{ {a}: string; {b}?: number }}",
                    "async function {a}({b}: {A}): Promise<{B}> {{ return {c}; }}", "let {a}: {A}[] = [];"],
            ["const password = config.{a}.password;", "  secret: string;"]),
    ".py": ("# ", ["def {a}({b}, {c}={n}):", "    return {b}.{c}({d})", "    {a} = {b}.get('{c}', None)",
                   "class {A}({B}):", "    self.{a} = {b}"],
            ["token = os.environ.get('{A}_TOKEN')", "    password = getpass.getpass()"]),
    ".go": ("// ", ["func {A}({a} string, {b} int) error {{", "\t{a}, err := {b}.{C}({c})",
                    "\tif err != nil {{ return fmt.Errorf(\"{a}: %w\", err) }}"],
            ["\tsecret := os.Getenv(\"{A}\")"]),
    ".rs": ("// ", ["fn {a}({b}: &str) -> Result<{A}, Error> {{", "    let {a} = {b}.{c}()?;",
                    "impl {A} for {B} {{ }}"],
            ["    let token = std::env::var(\"{A}_TOKEN\")?;"]),
    ".java": ("// ", ["public {A} {a}({B} {b}) {{", "    return this.{a}.{c}({b});", "private final {A} {a};"],
              ["    String password = props.getProperty(\"{a}.password\");"]),
    ".md": ("", ["The {a} option sets the {b} of each {c}; see `{d}`.", "## {A} {b}",
                 "- `{a}`: the {b} used by {c} (default {n})"],
            ["Set `token` to the value of your {a} secret.", "- `password`: the {a} password (required)"]),
    ".json": ("", ['  "{a}": "{b}",', '  "{a}": {n},', '  "{a}": {{ "{b}": "{c}" }},'],
              ['  "token": "${{{A}_TOKEN}}",']),
    ".yml": ("# ", ["{a}:", "  {b}: {c}", "  - name: {a} {b}", "  {a}: {n}"],
             ["    token: ${{{{ secrets.{A} }}}}"]),
    ".html": ("", ['<div class="{a}-{b}"><span>{c}</span></div>', '<a href="/{a}/{b}">{c}</a>'],
              ['<input type="password" name="{a}">']),
    ".txt": ("", ["{a} {b} {c} {d} {a} {n}", "{A}: {b} {c}"], ["{A} token: see {b}"]),
}


def make_lines(rng, ext, count):
    comment, templates, rare = LANGS[ext]
    out = []
    for _ in range(count):
        w = [rng.choice(WORDS) for _ in range(4)]
        f = dict(a=w[0], b=w[1], c=w[2], d=w[3], A=w[0].capitalize(), B=w[1].capitalize(), C=w[2].capitalize(),
                 n=rng.randrange(1000))
        line = rng.choice(rare if rng.random() < 0.02 else templates).format(**f)
        if comment and rng.random() < 0.1:
            line = comment + "TODO(" + w[3] + "): " + " ".join(rng.choice(WORDS) for _ in range(8))
        out.append(line)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--mib", type=int, default=70)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pools = {ext: make_lines(rng, ext, 4000) for ext in LANGS}
    real, fake = planters(rng), decoys(rng)
    target = args.mib << 20
    written, index, planted = 0, 0, []
    os.makedirs(args.out, exist_ok=True)
    while written < target:
        ext = rng.choice(list(LANGS))
        size = min(int(rng.lognormvariate(9.6, 1.1)), 256 << 10, target - written) + 1  # median ~15 KiB
        lines, total = [], 0
        pool = pools[ext]
        while total < size:
            line = pool[rng.randrange(len(pool))]
            lines.append(line)
            total += len(line) + 1
        rel = "pkg%02d/src/m%d/file%05d%s" % (index % 37, index % 11, index, ext)
        # Every 12th file gets one real token, else every 40th a decoy, at a random line.
        for kinds, every, label in ((real, 12, "real"), (fake, 40, "decoy")):
            if index % every == every - 1:
                kind = list(kinds)[(index // every) % len(kinds)]
                at = rng.randrange(len(lines) + 1)
                lines[at:at] = kinds[kind]()
                planted.append((kind, label, rel, at + 1))
                break
        text = "\n".join(lines) + "\n"
        path = os.path.join(args.out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        written += len(text.encode())
        index += 1
    with open(os.path.join(os.path.dirname(os.path.abspath(args.out)), "planted.tsv"), "w") as f:
        for row in planted:
            f.write("%s\t%s\t%s\t%d\n" % row)
    print("%s: %d files, %d bytes, %d planted (%d decoys)" % (args.out, index, written, len(planted),
                                                              sum(1 for p in planted if p[1] == "decoy")))


if __name__ == "__main__":
    main()
