//! `sightline list ...`: build, keygen, sign, verify, show, diff; publish, feed-add and
//! feed are in feed.rs.
//!
//! Exit codes: 0 ok; 1 a bundle failed verification (or, for `diff`, nothing else went
//! wrong); 2 usage or I/O errors; 3 refused to sign or publish (a date in the future or
//! older than the previous bundle's, an unexplained shrink: `sightline::list::publish`).

use clap::{Args, Subcommand};
use sightline::address::AddressKey;
use sightline::list::publish::{self, Removals, DEFAULT_VALIDITY_DAYS};
use sightline::list::{
    build_set, bundle, date, import, sign, BuildParams, BundleError, Limits, LoadedSet,
    PUBLISHER_KEY,
};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `sightline list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(subcommand)]
    pub command: ListCommand,
}

/// When a bundle is signed and how long it is vouched for (format version 2 `signed_at`,
/// `expires_at`).
#[derive(Debug, Clone, Args)]
pub struct Signing {
    /// Signing time (unix seconds, RFC 3339 UTC or YYYY-MM-DD); default: $SOURCE_DATE_EPOCH
    /// when set (reproducible builds), else now. Never more than a day ahead of the clock.
    #[arg(long)]
    signed_at: Option<String>,
    /// Days the bundle is vouched for: expires_at = signed_at + this.
    #[arg(long, default_value_t = DEFAULT_VALIDITY_DAYS)]
    valid_days: u64,
}

impl Signing {
    /// (signed_at, expires_at) in unix seconds.
    pub(crate) fn resolve(&self) -> Result<(u64, u64), Fail> {
        let (text, from) = match (&self.signed_at, std::env::var("SOURCE_DATE_EPOCH")) {
            (Some(s), _) => (s.clone(), "--signed-at"),
            (None, Ok(e)) if !e.trim().is_empty() => (e, "$SOURCE_DATE_EPOCH"),
            _ => (date::now_seconds().to_string(), "the clock"),
        };
        let at = date::parse_timestamp(&text).ok_or_else(|| {
            Fail(
                2,
                format!("{from}: {text:?} is not unix seconds, RFC 3339 UTC or YYYY-MM-DD"),
            )
        })?;
        if self.valid_days == 0 {
            return Err(Fail(2, "--valid-days must be at least 1".into()));
        }
        let expires = self
            .valid_days
            .checked_mul(86_400)
            .and_then(|v| at.checked_add(v))
            .filter(|&e| e <= date::MAX_TIMESTAMP)
            .ok_or_else(|| Fail(2, "--valid-days runs past 9999-12-31".into()))?;
        Ok((at, expires))
    }
}

/// The shrink check of `list publish`.
#[derive(Debug, Clone, Args)]
pub struct Shrink {
    /// Refuse when more than (1 - this) of the previous bundle's addresses would be removed
    /// without the input recording them as delisted.
    #[arg(long, default_value_t = 0.9)]
    min_ratio: f64,
    /// Publish anyway after checking why so many addresses go (removals are still listed).
    #[arg(long)]
    force: bool,
}

/// The `list` subcommands.
#[derive(Debug, Subcommand)]
pub enum ListCommand {
    /// Build a bundle from OFAC SDN_ADVANCED.XML, SDN.XML, the OFAC JSON extraction or CSV.
    Build {
        /// Input files (format detected from their content).
        #[arg(long = "from", required = true)]
        from: Vec<PathBuf>,
        /// Where to write the bundle.
        #[arg(long)]
        out: PathBuf,
        /// Sequence number (must grow with every published bundle).
        #[arg(long)]
        sequence: u64,
        /// Secret key file (publisher.key); without it the bundle is written unsigned.
        #[arg(long)]
        key: Option<PathBuf>,
        /// RFC 3339 generation time; default: the source date at 00:00:00Z (reproducible).
        #[arg(long)]
        generated_at: Option<String>,
        /// Override the source publication date (YYYY-MM-DD).
        #[arg(long)]
        source_date: Option<String>,
        /// Also write the report of unusable entries to this file.
        #[arg(long)]
        report: Option<PathBuf>,
        #[command(flatten)]
        signing: Signing,
    },
    /// Create a publisher keypair: <dir>/publisher.key (secret) and <dir>/publisher.pub.
    Keygen {
        #[arg(long)]
        out: PathBuf,
    },
    /// (Re)sign a bundle in place (or into --out); a version 2 bundle gets a new
    /// signed_at and expires_at.
    Sign {
        bundle: PathBuf,
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        signing: Signing,
    },
    /// Verify a bundle's signature and format (exit 1 when it fails).
    Verify {
        bundle: PathBuf,
        /// Public key file; default: the key pinned in this build.
        #[arg(long)]
        pubkey: Option<PathBuf>,
        /// Refuse sequences below this (rollback check).
        #[arg(long, default_value_t = 0)]
        min_sequence: u64,
    },
    /// Header, counts per chain and per program, and the top entities (of the list built
    /// into this binary when no bundle is given).
    Show {
        bundle: Option<PathBuf>,
        #[arg(long)]
        pubkey: Option<PathBuf>,
        /// Show a bundle whose signature does not verify (e.g. before signing).
        #[arg(long)]
        unverified: bool,
        /// How many entities to list.
        #[arg(long, default_value_t = 10)]
        top: usize,
        #[arg(long)]
        json: bool,
        /// Print one header field alone (sequence, source_date, entry_count, ...).
        #[arg(long, conflicts_with = "json")]
        field: Option<String>,
    },
    /// Added, removed and changed listings between two bundles.
    Diff {
        old: PathBuf,
        new: PathBuf,
        #[arg(long)]
        pubkey: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// Print only how many addresses were added, removed or changed (all: the three
        /// together).
        #[arg(long, value_parser = ["added", "removed", "changed", "all"], conflicts_with = "json")]
        count: Option<String>,
    },
    /// Build, sign and publish into a feed directory: <out>/bundles/<seq>.bundle,
    /// <out>/history.json and <out>/latest.json (docs/feed.md).
    Publish {
        #[arg(long = "from", required = true)]
        from: Vec<PathBuf>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        sequence: u64,
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        generated_at: Option<String>,
        #[arg(long)]
        source_date: Option<String>,
        #[command(flatten)]
        signing: Signing,
        #[command(flatten)]
        shrink: Shrink,
    },
    /// Make an already signed bundle the feed's current one (verified first; no secret key).
    FeedAdd {
        #[arg(long)]
        feed: PathBuf,
        bundle: PathBuf,
        #[arg(long)]
        pubkey: Option<PathBuf>,
    },
    /// Print the feed's manifest after checking its bundle against it (exit 1 when the
    /// bundle's size, SHA-256, signature or sequence is not the manifest's).
    Feed {
        #[arg(long)]
        feed: PathBuf,
        #[arg(long)]
        pubkey: Option<PathBuf>,
        /// Print this field alone (sequence, url, size, sha256, source_date, entries, ...;
        /// `path`: the bundle's file).
        #[arg(long)]
        field: Option<String>,
    },
}

/// A failure: message and exit code.
pub(crate) struct Fail(pub(crate) u8, pub(crate) String);

pub(crate) fn io(path: &Path, e: std::io::Error) -> Fail {
    Fail(2, format!("{}: {e}", path.display()))
}

/// A bundle file, read at most `limits.max_bytes + 1` bytes far: what the parser would
/// refuse anyway is never held in memory (`list verify /dev/zero` stops at the cap).
pub(crate) fn read(path: &Path, limits: &Limits) -> Result<Vec<u8>, Fail> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| io(path, e))?;
    let mut b = Vec::new();
    f.take(limits.max_bytes + 1)
        .read_to_end(&mut b)
        .map_err(|e| io(path, e))?;
    if b.len() as u64 > limits.max_bytes {
        return Err(Fail(
            1,
            format!(
                "{}: larger than {} bytes, the most a bundle may be",
                path.display(),
                limits.max_bytes
            ),
        ));
    }
    Ok(b)
}

pub(crate) fn read_key(path: &Path) -> Result<[u8; 32], Fail> {
    let t = std::fs::read_to_string(path).map_err(|e| io(path, e))?;
    sign::parse_key_hex(&t).map_err(|e| Fail(2, format!("{}: {e}", path.display())))
}

pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), Fail> {
    // Write then rename, so a reader never sees half a file.
    let tmp = path.with_extension("tmp-write");
    std::fs::write(&tmp, bytes).map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| io(path, e))
}

/// Runs `sightline list ...`.
pub fn run(args: ListArgs) -> ExitCode {
    match run_inner(args.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail(code, msg)) => {
            eprintln!("sightline list: {msg}");
            ExitCode::from(code)
        }
    }
}

fn run_inner(cmd: ListCommand) -> Result<(), Fail> {
    match cmd {
        ListCommand::Build {
            from,
            out,
            sequence,
            key,
            generated_at,
            source_date,
            report,
            signing,
        } => {
            let secret = key.as_deref().map(read_key).transpose()?;
            let (bytes, rep) = build_bytes(
                &from,
                build_params(sequence, generated_at, source_date, &signing)?,
                secret.as_ref(),
                None,
            )?;
            write(&out, &bytes)?;
            if let Some(r) = report {
                write(&r, rep.as_bytes())?;
            }
            eprint!("{rep}");
            eprintln!(
                "wrote {} ({} bytes){}",
                out.display(),
                bytes.len(),
                if secret.is_some() {
                    ", signed"
                } else {
                    ", UNSIGNED (use list sign)"
                }
            );
            Ok(())
        }
        ListCommand::Keygen { out } => keygen(&out),
        ListCommand::Sign {
            bundle: path,
            key,
            out,
            signing,
        } => {
            let secret = read_key(&key)?;
            let mut b = read(&path, &Limits::LARGE)?;
            let d = bundle::decode_unverified(&b, &Limits::LARGE)
                .map_err(|e| Fail(1, format!("{}: {e}", path.display())))?;
            if d.header.format_version >= 2 {
                // Signing is when the publisher vouches for the list: stamp it now.
                let (at, expires) = signing.resolve()?;
                let mut data = sightline::list::SetData {
                    entries: d.entries(),
                    header: d.header,
                    entities: d.entities,
                };
                data.header.signed_at = Some(at);
                data.header.expires_at = Some(expires);
                publish::check_dates(&data.header, None, date::now_seconds())
                    .map_err(|e| Fail(3, format!("{}: {e}", path.display())))?;
                b = bundle::encode_signed(&data, &secret)
                    .map_err(|e| Fail(2, format!("cannot encode: {e}")))?;
            } else {
                sign::sign_bundle_in_place(&mut b, &secret);
            }
            let dest = out.unwrap_or(path);
            write(&dest, &b)?;
            eprintln!(
                "signed {} with key {}",
                dest.display(),
                sign::to_hex(&sign::public_key(&secret))
            );
            Ok(())
        }
        ListCommand::Verify {
            bundle: path,
            pubkey,
            min_sequence,
        } => {
            let pk = pubkey_or_pinned(pubkey.as_deref())?;
            let b = read(&path, &Limits::DEFAULT)?;
            match LoadedSet::from_bundle_min_sequence(&b, &pk, min_sequence) {
                Ok(set) => {
                    let h = set.header();
                    println!(
                        "OK {}: sequence {}, {} of {}, {} entries, {} entities, signed by {}",
                        path.display(),
                        h.sequence,
                        h.source,
                        h.source_date,
                        h.entry_count,
                        h.entity_count,
                        sign::to_hex(&pk)
                    );
                    Ok(())
                }
                Err(e) => Err(Fail(1, format!("{}: {e}", path.display()))),
            }
        }
        ListCommand::Show {
            bundle: path,
            pubkey,
            unverified,
            top,
            json,
            field,
        } => {
            let set = match path {
                Some(path) => {
                    let b = read(&path, &Limits::DEFAULT)?;
                    load(&path, &b, pubkey.as_deref(), unverified)?
                }
                None => LoadedSet::try_bundled().map_err(|e| {
                    Fail(
                        2,
                        format!("the sanctions set built into this binary does not load: {e}"),
                    )
                })?,
            };
            match field {
                Some(name) => {
                    let header = serde_json::to_value(set.header()).unwrap_or_default();
                    match header.get(&name) {
                        Some(serde_json::Value::String(s)) => println!("{s}"),
                        Some(v) => println!("{v}"),
                        None => return Err(Fail(2, format!("the header has no field {name:?}"))),
                    }
                }
                None => crate::list_view::show(&set, top, json),
            }
            Ok(())
        }
        ListCommand::Diff {
            old,
            new,
            pubkey,
            json,
            count,
        } => {
            let (ob, nb) = (read(&old, &Limits::DEFAULT)?, read(&new, &Limits::DEFAULT)?);
            let o = load(&old, &ob, pubkey.as_deref(), false)?;
            let n = load(&new, &nb, pubkey.as_deref(), false)?;
            crate::list_view::diff(&o, &n, json, count.as_deref());
            Ok(())
        }
        ListCommand::Publish {
            from,
            out,
            sequence,
            key,
            generated_at,
            source_date,
            signing,
            shrink,
        } => crate::feed::publish(
            &from,
            &out,
            &key,
            build_params(sequence, generated_at, source_date, &signing)?,
            &shrink,
        ),
        ListCommand::FeedAdd {
            feed,
            bundle: path,
            pubkey,
        } => crate::feed::feed_add(&feed, &path, &pubkey_or_pinned(pubkey.as_deref())?),
        ListCommand::Feed {
            feed,
            pubkey,
            field,
        } => crate::feed::feed_show(
            &feed,
            &pubkey_or_pinned(pubkey.as_deref())?,
            field.as_deref(),
        ),
    }
}

fn pubkey_or_pinned(p: Option<&Path>) -> Result<[u8; 32], Fail> {
    match p {
        Some(p) => read_key(p),
        None => Ok(PUBLISHER_KEY),
    }
}

fn load(path: &Path, b: &[u8], pubkey: Option<&Path>, unverified: bool) -> Result<LoadedSet, Fail> {
    let fail = |e: BundleError| Fail(1, format!("{}: {e}", path.display()));
    if unverified {
        let d = bundle::decode_unverified(b, &Limits::LARGE).map_err(fail)?;
        let data = sightline::list::SetData {
            entries: d.entries(),
            header: d.header,
            entities: d.entities,
        };
        return LoadedSet::from_data(data).map_err(|e| Fail(1, format!("{}: {e}", path.display())));
    }
    let pk = pubkey_or_pinned(pubkey)?;
    LoadedSet::from_bundle_with(b, &pk, 0, &Limits::LARGE).map_err(fail)
}

/// The header values of `list build` and `list publish`.
fn build_params(
    sequence: u64,
    generated_at: Option<String>,
    source_date: Option<String>,
    signing: &Signing,
) -> Result<BuildParams, Fail> {
    let (signed_at, expires_at) = signing.resolve()?;
    Ok(BuildParams {
        sequence,
        generated_at,
        source: None,
        source_date,
        signed_at: Some(signed_at),
        expires_at: Some(expires_at),
    })
}

/// Builds, checks and encodes a bundle. Refuses (exit 3) dates in the future or older than
/// `prev`'s (`list::publish::check_dates`), and, with `shrink`, a list that drops too many
/// of `prev`'s addresses without its inputs recording them as delisted; the removals are
/// named in the returned report either way.
pub(crate) fn build_bytes(
    from: &[PathBuf],
    params: BuildParams,
    secret: Option<&[u8; 32]>,
    prev: Option<(&LoadedSet, &Shrink)>,
) -> Result<(Vec<u8>, String), Fail> {
    let mut imports = Vec::new();
    for f in from {
        imports.push(import::import_path(f).map_err(|e| Fail(2, e))?);
    }
    let (data, report) = build_set(&imports, &params);
    let mut text = report.to_text();
    publish::check_dates(
        &data.header,
        prev.map(|(p, _)| p.header()),
        date::now_seconds(),
    )
    .map_err(|e| Fail(3, e))?;
    // Publishing over a previous bundle carries the list's history forward: its removals
    // and first-seen dates, and what this list removed (list::carry_history).
    let data = match prev {
        Some((p, shrink)) => {
            let removals = Removals::between(p, &data);
            if let Some(s) = removals.summary() {
                text.push_str(&format!("removals: {s}\n"));
            }
            if let Some(why) = removals.refusal(shrink.min_ratio).filter(|_| !shrink.force) {
                return Err(Fail(3, format!("{text}refused: {why}")));
            }
            sightline::list::carry_history(p, data)
        }
        None => data,
    };
    if data.entries.is_empty() {
        return Err(Fail(
            2,
            "no usable address in the inputs; refusing to build an empty set".into(),
        ));
    }
    let bytes = match secret {
        Some(s) => bundle::encode_signed(&data, s),
        None => bundle::encode_unsigned(&data),
    }
    .map_err(|e| Fail(2, format!("cannot encode: {e}")))?;
    text.push_str(&format!(
        "set: {} entries ({} addresses), {} entities, {} bytes\n",
        data.entries.len(),
        {
            let mut k: Vec<&AddressKey> = data.entries.iter().map(|e| &e.key).collect();
            k.sort();
            k.dedup();
            k.len()
        },
        data.entities.len(),
        bytes.len()
    ));
    Ok((bytes, text))
}

fn keygen(dir: &Path) -> Result<(), Fail> {
    let (sk_path, pk_path) = (dir.join("publisher.key"), dir.join("publisher.pub"));
    for p in [&sk_path, &pk_path] {
        if p.exists() {
            return Err(Fail(
                2,
                format!("{} exists; refusing to overwrite a key", p.display()),
            ));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| Fail(2, format!("no randomness: {e}")))?;
    let public = sign::public_key(&secret);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    {
        use std::io::Write;
        let mut f = opts.open(&sk_path).map_err(|e| io(&sk_path, e))?;
        writeln!(f, "{}", sign::to_hex(&secret)).map_err(|e| io(&sk_path, e))?;
    }
    std::fs::write(&pk_path, format!("{}\n", sign::to_hex(&public)))
        .map_err(|e| io(&pk_path, e))?;
    println!("{}", sign::to_hex(&public));
    eprintln!(
        "wrote {} (SECRET: keep it out of the repository) and {}",
        sk_path.display(),
        pk_path.display()
    );
    Ok(())
}
