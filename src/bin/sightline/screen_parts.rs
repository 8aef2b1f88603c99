//! `screen` of a regular CSV file: the workers read their own parts of it with pread(2), as
//! `scan`'s do, instead of one reader thread copying the whole file into buffers in turn
//! (that copy, the handoffs and the first touches of the buffers were where `screen` lost
//! to `scan` of the same file on two cores: issue 13).
//!
//! The head's whole rows make the plan and the first batch, as on the sequential path; the
//! file after them is cut into parts of [`PART`] bytes. Part k takes the rows starting after
//! the first line break at or after its cut, up to the first line break at or after the
//! next cut: a guess that this line break is outside quotes. Part 0 starts where the head's
//! rows end, so the guess holds there, and it holds at the next cut when a part's rows end
//! exactly at its end. When they do not (a quoted field with a line break across the cut),
//! the writer takes the part's whole rows and the rest of the file goes the sequential way
//! ([`super::pipeline`]) from the unfinished row; so does the rest from a part longer than
//! [`MAX_ROW`] (that path says the error), and the whole file when its head gives no plan.
//! Worker w reads parts w, w + n, w + 2n, ... and the writer takes them in that order, so
//! the output is the sequential path's byte for byte.
use super::{deliver, pipeline, plan, split_records, work, Batch, Ctx, End, Fields, Memo, MAX_ROW};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};

/// A regular file and its size.
pub struct Input {
    pub file: std::fs::File,
    pub size: u64,
}

/// Input bytes per part, unless `SIGHTLINE_SCREEN_PART_BYTES` says otherwise (for tests,
/// to put cuts everywhere). Measured on the bench CSV, two workers, quiet machine (best /
/// median of 15 ms): 64 KiB 41/48, 128 KiB 37/42, 256 KiB 33/35, 512 KiB 33/35, 1 MiB
/// 36/39, 4 MiB 50/54 (a part and its output no longer stay in L2); peak RSS 9.6 MB at
/// 256 KiB, 14 MB at 512 KiB.
const PART: u64 = 256 << 10;
/// Bytes read past a part's end for the line break that ends it (more when it is not there).
const LOOK_AHEAD: usize = 4096;
/// Batches per worker: one being read and checked, one queued, one being written.
const BATCHES: usize = 3;

struct Parts {
    file: std::fs::File,
    size: u64,
    /// Where part 0 starts: the end of the head's rows.
    base: u64,
    part: u64,
    count: u64,
    /// The writer needs no more parts.
    stop: AtomicBool,
}

fn part_bytes() -> u64 {
    std::env::var("SIGHTLINE_SCREEN_PART_BYTES")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|&n| n > 0)
        .map_or(PART, |n| n.min(8 << 20))
}

/// The head's rows, then the file's parts on the workers, written in order.
pub fn pipeline_parts(
    ctx: &'static Ctx,
    input: Input,
    stream: Box<dyn Read + Send>,
    head: Vec<u8>,
    workers: usize,
    out: &mut dyn Write,
    progress: Option<&indicatif::ProgressBar>,
) -> End {
    let mut first = Batch {
        buf: head,
        ..Batch::default()
    };
    let rest = split_records(&first.buf, ctx.delim, false, &mut first.rows);
    let planned = (first.buf.len() as u64) < input.size
        && !first.rows.is_empty()
        && ctx.plan.get().is_none()
        && plan(ctx, &mut first).is_ok()
        && ctx.plan.get().is_some();
    if !planned {
        // A plan error is said there, after the rows before it.
        return pipeline(ctx, stream, first.buf, 0, workers, out, progress);
    }
    drop(stream);
    first.at = rest as u64;
    let part = part_bytes();
    let parts = Arc::new(Parts {
        base: rest as u64,
        part,
        count: (input.size - rest as u64).div_ceil(part),
        file: input.file,
        size: input.size,
        stop: AtomicBool::new(false),
    });
    let end = write_parts(ctx, &parts, first, workers, out, progress);
    parts.stop.store(true, Ordering::Relaxed);
    end
}

fn write_parts(
    ctx: &'static Ctx,
    parts: &Arc<Parts>,
    mut first: Batch,
    workers: usize,
    out: &mut dyn Write,
    progress: Option<&indicatif::ProgressBar>,
) -> End {
    let n = (workers as u64).min(parts.count) as usize;
    let mut pools = Vec::with_capacity(n);
    let mut dones = Vec::with_capacity(n);
    for w in 0..n {
        let (pool_tx, pool_rx) = mpsc::sync_channel::<Batch>(BATCHES);
        for _ in 0..BATCHES {
            let _ = pool_tx.send(Batch::default());
        }
        let (done_tx, done_rx) = mpsc::sync_channel::<Batch>(1);
        let parts = parts.clone();
        std::thread::spawn(move || {
            let (mut memo, mut fields) = (Memo::default(), Fields::default());
            for k in (w as u64..parts.count).step_by(n) {
                if parts.stop.load(Ordering::Relaxed) {
                    return;
                }
                let Ok(mut b) = pool_rx.recv() else { return };
                read_part(ctx, &parts, k, &mut b);
                work(&mut b, ctx, &mut memo, &mut fields);
                if done_tx.send(b).is_err() {
                    return;
                }
            }
        });
        pools.push(pool_tx);
        dones.push(done_rx);
    }
    let mut end = End::default();
    work(
        &mut first,
        ctx,
        &mut Memo::default(),
        &mut Fields::default(),
    );
    if !deliver(&mut first, out, &mut end, progress) {
        return end;
    }
    for k in 0..parts.count as usize {
        let Ok(mut b) = dones[k % n].recv() else {
            end.error = Some(io::Error::other("a worker stopped"));
            return end;
        };
        let resume = b.resume.take();
        if !deliver(&mut b, out, &mut end, progress) {
            return end;
        }
        if let Some(at) = resume {
            parts.stop.store(true, Ordering::Relaxed);
            drop((pools, dones));
            let seq = parts
                .file
                .try_clone()
                .and_then(|mut f| f.seek(SeekFrom::Start(at)).map(|_| f));
            let f = match seq {
                Ok(f) => f,
                Err(e) => {
                    end.error = Some(e);
                    return end;
                }
            };
            let rest = pipeline(ctx, Box::new(f), Vec::new(), at, workers, out, progress);
            end.tally.merge(rest.tally);
            end.error = rest.error;
            end.closed = rest.closed;
            return end;
        }
        let _ = pools[k % n].send(b);
    }
    end
}

/// Reads into `buf[*n..upto]` the file's bytes from `from + *n`; true at the file's end (it
/// shrank).
fn read_into(
    file: &std::fs::File,
    from: u64,
    buf: &mut Vec<u8>,
    n: &mut usize,
    upto: usize,
) -> io::Result<bool> {
    if buf.len() < upto {
        buf.resize(upto, 0);
    }
    while *n < upto {
        match file.read_at(&mut buf[*n..upto], from + *n as u64) {
            Ok(0) => return Ok(true),
            Ok(k) => *n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(false)
}

/// Part `k` read into `b`: its rows (or, without quotes, where the worker splits them), or
/// where the sequential path resumes.
fn read_part(ctx: &Ctx, p: &Parts, k: u64, b: &mut Batch) {
    b.clear_rows();
    b.error = None;
    b.last = false;
    let from = p.base + k * p.part;
    let to = (from + p.part).min(p.size);
    let span = (to - from) as usize;
    // Memory back after a long row grew the buffer.
    if b.buf.capacity() > 4 * (span + LOOK_AHEAD) {
        b.buf = Vec::new();
    }
    let left = (p.size - from) as usize;
    let mut n = 0usize;
    let mut eof = match read_into(
        &p.file,
        from,
        &mut b.buf,
        &mut n,
        (span + LOOK_AHEAD).min(left),
    ) {
        Ok(shrunk) => shrunk || n == left,
        Err(e) => {
            b.error = Some(e);
            b.last = true;
            return;
        }
    };
    let breaks = |s: &[u8]| memchr::memchr2(b'\n', b'\r', s);
    let start = if k == 0 {
        0
    } else {
        match breaks(&b.buf[..span.min(n)]) {
            Some(i) => i + 1,
            None => {
                // No row starts in this part: the one before runs through it.
                b.at = to;
                b.last = to == p.size;
                return;
            }
        }
    };
    let mut searched = span.min(n);
    let end = loop {
        if let Some(i) = breaks(&b.buf[searched..n]) {
            break searched + i + 1;
        }
        if eof {
            break n;
        }
        if n - start > MAX_ROW {
            break n;
        }
        searched = n;
        let upto = (2 * n).min(left);
        match read_into(&p.file, from, &mut b.buf, &mut n, upto) {
            Ok(shrunk) => eof = shrunk || n == left,
            Err(e) => {
                b.error = Some(e);
                b.last = true;
                return;
            }
        }
    };
    // The file's end: the last row ends it (not a line break read past the cut).
    let eof = eof && end == n;
    if end - start > MAX_ROW {
        // A row may be too long: the sequential path reads on and says so.
        b.resume = Some(from + start as u64);
        b.at = from + start as u64;
        return;
    }
    let rows = &b.buf[start..end];
    b.at = from + end as u64;
    if !eof && memchr::memchr(b'"', rows).is_none() {
        b.unsplit = Some((start, end));
        return;
    }
    let rest = split_records(rows, ctx.delim, eof, &mut b.rows);
    for r in &mut b.rows {
        r.start += start as u32;
        r.end += start as u32;
    }
    if rest < rows.len() {
        // The last row runs on inside quotes past the line break that was to end it.
        b.resume = Some(from + (start + rest) as u64);
        b.at = from + (start + rest) as u64;
    } else {
        b.last = eof;
    }
}
