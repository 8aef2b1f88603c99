//! `sightline list publish`, `list feed-add` and `list feed`: writing and reading a feed
//! directory (`latest.json`, `history.json`, `bundles/<sequence>.bundle`) with the one
//! definition of its files in `sightline::list::feed`. scripts/publish-list.sh drives these.

use std::path::{Path, PathBuf};

use sightline::list::feed::{check_bundle, check_newer, FeedError, History, Installed, Manifest};
use sightline::list::publish::ListDates;
use sightline::list::{sign, BuildParams, Limits, LoadedSet};

use crate::list::{build_bytes, io, read, read_key, write, Fail, Shrink};

const LATEST: &str = "latest.json";
const HISTORY: &str = "history.json";

/// The feed's current manifest, or None for a feed with no bundle yet.
fn current(feed: &Path) -> Result<Option<Manifest>, Fail> {
    let path = feed.join(LATEST);
    match std::fs::read(&path) {
        Ok(b) => Manifest::parse(&b)
            .map(Some)
            .map_err(|e| Fail(2, format!("{}: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io(&path, e)),
    }
}

/// The bundle `prev` (the feed's manifest) names, verified with `key`, or with the pinned
/// key when the feed is before a key rotation.
fn current_set(feed: &Path, prev: &Manifest, key: &[u8; 32]) -> Result<LoadedSet, Fail> {
    let path = feed.join(&prev.url);
    let bytes = read(&path, &Limits::DEFAULT)?;
    LoadedSet::from_bundle(&bytes, key)
        .or_else(|_| LoadedSet::from_bundle(&bytes, &sightline::list::PUBLISHER_KEY))
        .map_err(|e| {
            Fail(
                2,
                format!(
                    "{}: the feed's current bundle does not verify: {e}",
                    path.display()
                ),
            )
        })
}

/// Puts `bytes` (a bundle that loaded as `set`) into `feed` as its current bundle: the file,
/// then history.json, then latest.json (last, so a reader never sees a manifest naming a
/// bundle that is not there). Refuses a sequence not above the feed's current one.
fn add(feed: &Path, bytes: &[u8], set: &LoadedSet) -> Result<Manifest, Fail> {
    let sequence = set.header().sequence;
    if let Some(prev) = current(feed)? {
        if sequence <= prev.sequence {
            return Err(Fail(
                2,
                format!(
                    "sequence {sequence} is not above the feed's {}; refusing to roll back",
                    prev.sequence
                ),
            ));
        }
    }
    let dir = feed.join("bundles");
    std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
    let rel = format!("bundles/{sequence}.bundle");
    write(&feed.join(&rel), bytes)?;
    let manifest = Manifest::for_bundle(bytes, set, rel);
    let mut records = match std::fs::read(feed.join(HISTORY)) {
        Ok(b) => {
            History::parse(&b)
                .map_err(|e| Fail(2, format!("{}: {e}", feed.join(HISTORY).display())))?
                .bundles
        }
        Err(_) => records_in(&dir)?,
    };
    records.push(manifest.clone());
    write(
        &feed.join(HISTORY),
        History::of(records).to_json().as_bytes(),
    )?;
    write(&feed.join(LATEST), manifest.to_json().as_bytes())?;
    Ok(manifest)
}

/// The records of the bundles already in `dir` (`<sequence>.bundle`), for a feed written
/// before it had a history.json.
fn records_in(dir: &Path) -> Result<Vec<Manifest>, Fail> {
    use sha2::Digest;
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).map_err(|e| io(dir, e))? {
        let e = e.map_err(|e| io(dir, e))?;
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(seq) = name
            .strip_suffix(".bundle")
            .and_then(|n| n.parse::<u64>().ok())
        else {
            continue;
        };
        let bytes = read(&e.path(), &Limits::DEFAULT)?;
        out.push(Manifest {
            sequence: seq,
            source: None,
            source_date: None,
            generated_at: None,
            signed_at: None,
            expires_at: None,
            entries: None,
            size: bytes.len() as u64,
            sha256: sha2::Sha256::digest(&bytes).into(),
            url: format!("bundles/{name}"),
        });
    }
    Ok(out)
}

/// `list publish`: build, check the dates and the removals against the feed's current
/// bundle (exit 3 when refused), sign, self-check with the signing key, add to the feed.
pub fn publish(
    from: &[PathBuf],
    out: &Path,
    key: &Path,
    params: BuildParams,
    shrink: &Shrink,
) -> Result<(), Fail> {
    let sequence = params.sequence;
    let secret = read_key(key)?;
    let mut previous = None;
    if let Some(prev) = current(out)? {
        // The feed's current bundle: its history goes on.
        let set = current_set(out, &prev, &sign::public_key(&secret))?;
        previous = Some(set);
        if sequence <= prev.sequence {
            return Err(Fail(
                2,
                format!(
                    "sequence {sequence} is not above the published {}; refusing to roll back",
                    prev.sequence
                ),
            ));
        }
    }
    let (bytes, rep) = build_bytes(
        from,
        params,
        Some(&secret),
        previous.as_ref().map(|p| (p, shrink)),
    )?;
    // Self-check: what we publish must load with the key we sign with.
    let set = LoadedSet::from_bundle(&bytes, &sign::public_key(&secret))
        .map_err(|e| Fail(2, format!("built bundle does not load: {e}")))?;
    let m = add(out, &bytes, &set)?;
    eprint!("{rep}");
    eprintln!(
        "published {} and {}",
        out.join(&m.url).display(),
        out.join(LATEST).display()
    );
    Ok(())
}

/// `list feed-add`: an already signed bundle (e.g. lists/ofac-sdn.bundle) becomes the
/// feed's current one, verified against `pubkey` first; no secret key needed.
pub fn feed_add(feed: &Path, bundle: &Path, pubkey: &[u8; 32]) -> Result<(), Fail> {
    let bytes = read(bundle, &Limits::DEFAULT)?;
    let set = LoadedSet::from_bundle(&bytes, pubkey)
        .map_err(|e| Fail(1, format!("{}: {e}", bundle.display())))?;
    // The rule the extension applies to what the feed serves (list::feed::check_newer): a
    // higher sequence dated before the feed's current bundle is a rollback in disguise.
    // (A sequence not above the feed's is refused by `add` as a roll back.)
    if let Some(prev) = current(feed)?.filter(|p| set.header().sequence > p.sequence) {
        let prev_set = current_set(feed, &prev, pubkey)?;
        let installed = Installed {
            sequence: prev.sequence,
            dates: ListDates::of(prev_set.header()),
        };
        check_newer(set.header(), &installed)
            .map_err(|e| Fail(2, format!("{}: {e}; refusing to add it", bundle.display())))?;
    }
    let m = add(feed, &bytes, &set)?;
    eprintln!(
        "added {} to {} as bundle {}",
        bundle.display(),
        feed.display(),
        m.sequence
    );
    Ok(())
}

/// `list feed`: the feed's manifest, after checking the bundle it names against it (size,
/// SHA-256, signature, sequence). With `field`, that field alone (as the script reads it).
pub fn feed_show(feed: &Path, pubkey: &[u8; 32], field: Option<&str>) -> Result<(), Fail> {
    let latest = feed.join(LATEST);
    let m = current(feed)?.ok_or_else(|| Fail(2, format!("{}: no such file", latest.display())))?;
    let path = feed.join(&m.url);
    let bytes = read(&path, &Limits::DEFAULT)?;
    check_bundle(&m, &bytes, 0, pubkey)
        .map_err(|e: FeedError| Fail(1, format!("{}: {e} ({})", path.display(), e.code())))?;
    let json = serde_json::to_value(&m).unwrap_or_default();
    match field {
        None => print!("{}", m.to_json()),
        Some("path") => println!("{}", path.display()),
        Some(name) => match json.get(name) {
            Some(serde_json::Value::String(s)) => println!("{s}"),
            Some(v) => println!("{v}"),
            None => return Err(Fail(2, format!("the manifest has no field {name:?}"))),
        },
    }
    Ok(())
}
