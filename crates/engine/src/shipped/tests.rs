use super::*;
use crate::testutil::checker_board;

fn trained() -> (Vec<String>, HybridParams, Hybrid) {
    let params = HybridParams::default();
    let plays = checker_board(12).map_values(f32::ln_1p);
    let hybrid = Hybrid::fit(params, &plays).unwrap();
    let items = (0..12).map(|i| format!("artist {i}")).collect();
    (items, params, hybrid)
}

fn scores(hybrid: &Hybrid, items: &[u32]) -> Vec<f32> {
    let mut out = vec![0.0; 12];
    hybrid.score_history(None, items, &vec![1.0f32.ln_1p(); items.len()], &mut out);
    out
}

/// The asset with its hash line made anew after `change`, as a tampered file would carry.
fn rehashed(asset: &str, change: impl Fn(&str) -> String) -> String {
    let body: String = asset
        .lines()
        .filter(|l| !l.starts_with("hash "))
        .map(|l| format!("{l}\n"))
        .collect();
    let body = change(&body);
    format!("{body}hash {:016x}\n", fnv1a(body.as_bytes()))
}

/// The asset with its line `at` (from 0) replaced by `line`, rehashed.
fn with_line(asset: &str, at: usize, line: String) -> String {
    rehashed(asset, |body| {
        let mut lines: Vec<String> = body.lines().map(String::from).collect();
        lines[at] = line.clone();
        lines.iter().map(|l| format!("{l}\n")).collect()
    })
}

#[test]
fn a_hybrid_reads_back_from_its_factors_and_folds_a_listener_in_alike() {
    let (items, params, hybrid) = trained();
    let asset = write(&items, &params, &hybrid);
    let shipped = read(&asset).unwrap();
    assert_eq!(shipped.items, items);
    assert_eq!(shipped.params, params);
    // 8 bits per factor: every value within half a step of its row's scale.
    for i in 0..items.len() {
        let (a, b) = (hybrid.als.item(i), shipped.hybrid.als.item(i));
        let scale = a.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() <= scale / 254.0 + 1e-7, "{x} {y}");
        }
    }
    // A new listener of the even items gets the even items first from both.
    let listener = [0, 2, 4];
    let (original, read_back) = (
        scores(&hybrid, &listener),
        scores(&shipped.hybrid, &listener),
    );
    let top = |s: &[f32]| crate::recommend::top_items(s, &listener, 3);
    // As sets: on a checkerboard the other even items tie, and 8 bits may break the tie otherwise.
    let ids = |t: Vec<(u32, f32)>| {
        let mut ids: Vec<u32> = t.into_iter().map(|(i, _)| i).collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(ids(top(&original)), ids(top(&read_back)));
    assert!(ids(top(&read_back)).iter().all(|i| i % 2 == 0));
}

fn refused(text: &str) -> ShippedError {
    match read(text) {
        Ok(_) => panic!("read"),
        Err(e) => e,
    }
}

#[test]
fn a_damaged_truncated_or_tampered_asset_is_refused_with_its_line() {
    let (items, params, hybrid) = trained();
    let asset = write(&items, &params, &hybrid);
    let damaged = asset.replacen("artist 3", "artist 8", 1);
    assert!(refused(&damaged).what.contains("hash"));
    let truncated: String = asset.lines().take(10).map(|l| format!("{l}\n")).collect();
    assert!(refused(&truncated).what.contains("truncated"));
    assert!(refused("attune-factors 1\n")
        .what
        .contains("not a factor asset"));
    // Well hashed but wrong inside: a neighbour past the last item, a row of the wrong length.
    let neighbour_row = asset
        .lines()
        .position(|l| l.starts_with("neighbours "))
        .unwrap()
        + 1;
    let bad_neighbour = with_line(
        &asset,
        neighbour_row,
        format!("1\t{}", STANDARD.encode([99, 255])),
    );
    let error = refused(&bad_neighbour);
    assert_eq!(error.line, neighbour_row + 1, "{error}");
    assert!(error.what.contains("neighbour 99"), "{error}");
    let twice = with_line(
        &asset,
        neighbour_row,
        format!("1\t{}", STANDARD.encode([3, 9, 0, 255])),
    );
    assert!(
        refused(&twice).what.contains("a neighbour twice"),
        "{}",
        refused(&twice)
    );
    // A header announcing more neighbours than the rows hold (it sizes what is reserved).
    let header = asset
        .lines()
        .find(|l| l.starts_with("neighbours "))
        .unwrap();
    let total: usize = header.rsplit(' ').next().unwrap().parse().unwrap();
    let more = rehashed(&asset, |body| {
        body.replacen(header, &format!("neighbours 12 {}", total + 1), 1)
    });
    assert!(
        refused(&more).what.contains("announced"),
        "{}",
        refused(&more)
    );
    // Settings an asset does not write, or out of bounds: each would turn the scores into NaN or inf.
    let settings = asset.lines().find(|l| l.starts_with("settings ")).unwrap();
    for bad in [
        "unobserved_weight=1e30",
        "neighbour_weight=3.4e38",
        "factors=2",
    ] {
        let changed = rehashed(&asset, |body| {
            body.replacen(settings, &format!("{settings},{bad}"), 1)
        });
        assert!(refused(&changed).what.contains("setting"), "{bad}");
    }
    // A factor of -128, which the writer never makes (it would exceed the row's scale).
    let minus_128 = with_line(
        &asset,
        4,
        format!("artist 0\t1\t{}", STANDARD.encode([0x80u8; 64])),
    );
    assert!(refused(&minus_128).what.contains("-128"));
    // A gap whose bytes run out, is longer than it needs, or would not fit in 32 bits.
    for encoded in [
        vec![0x83],
        vec![0xff, 0xff, 0xff, 0xff, 0x7f, 9],
        vec![3],
        vec![0x81, 0, 9],
    ] {
        let cut = with_line(
            &asset,
            neighbour_row,
            format!("1\t{}", STANDARD.encode(&encoded)),
        );
        let error = refused(&cut);
        assert!(
            error.what.contains("cut short") || error.what.contains("without its weight"),
            "{error}"
        );
    }
    let short_row = with_line(
        &asset,
        4,
        format!("artist 0\t1\t{}", STANDARD.encode([1u8, 2])),
    );
    assert!(refused(&short_row).what.contains("2 factors"));
    let absurd = rehashed(&asset, |body| {
        body.replacen("items 12 ", "items 99999999999 ", 1)
    });
    assert!(read(&absurd).is_err());
    // Within the bounds but far beyond the text: refused where the rows run out, nothing reserved.
    let huge = rehashed(&asset, |body| {
        body.replacen("items 12 64", "items 1000000 8", 1)
    });
    assert!(
        refused(&huge).what.contains("factors"),
        "{}",
        refused(&huge)
    );
    // Terms and scales that would turn every fold-in into NaN, and counts that are not whole.
    let terms = asset.lines().find(|l| l.starts_with("fold-in ")).unwrap();
    for bad in [
        "fold-in 1 0 2 1",
        "fold-in 1 10 2 0",
        "fold-in 3e38 10 1 1",
        "fold-in 1 10 3 1",
    ] {
        let changed = rehashed(&asset, |body| body.replacen(terms, bad, 1));
        assert!(refused(&changed).what.contains("out of bounds"), "{bad}");
    }
    let row = asset.lines().find(|l| l.starts_with("artist 0\t")).unwrap();
    let factors = row.rsplit('\t').next().unwrap();
    let scaled = rehashed(&asset, |body| {
        body.replacen(row, &format!("artist 0\t1e20\t{factors}"), 1)
    });
    assert!(refused(&scaled).what.contains("scale"));
    let fractional = rehashed(&asset, |body| {
        body.replacen("items 12 64", "items 12.5 64", 1)
    });
    assert!(refused(&fractional).what.contains("whole numbers"));
}

/// The model read from `asset` pushed in chunks of `size` bytes.
fn streamed(asset: &str, size: usize, length: Option<usize>) -> Result<Shipped, ShippedError> {
    let mut reader = Reader::new(length);
    for chunk in asset.as_bytes().chunks(size) {
        reader.push(chunk)?;
    }
    reader.finish()
}

#[test]
fn an_asset_read_as_it_downloads_in_chunks_of_any_size_is_the_one_read_whole() {
    let (items, params, hybrid) = trained();
    let asset = write(&items, &params, &hybrid);
    let whole = read(&asset).unwrap();
    for size in [1, 2, 7, 100, 4096] {
        for length in [Some(asset.len()), None] {
            let read = streamed(&asset, size, length).unwrap();
            assert_eq!(read.items, whole.items);
            assert_eq!(read.params, whole.params);
            assert_eq!(read.hybrid.als.item_factors, whole.hybrid.als.item_factors);
            let (a, b) = (
                read.hybrid.neighbours.neighbours(),
                whole.hybrid.neighbours.neighbours(),
            );
            assert_eq!(
                (&a.indptr, &a.indices, &a.values),
                (&b.indptr, &b.indices, &b.values)
            );
        }
    }
    // Damage is told as damage however the bytes arrive, and so is a download cut short.
    let damaged = asset.replacen("artist 3", "artist 8", 1);
    assert!(streamed(&damaged, 5, None)
        .err()
        .unwrap()
        .what
        .contains("hash does not match"));
    let cut = &asset[..asset.len() - 30];
    assert!(streamed(cut, 64, None)
        .err()
        .unwrap()
        .what
        .contains("truncated"));
    let error = streamed(cut, 64, Some(asset.len())).err().unwrap();
    assert!(error.what.contains("cut short"), "{error}");
    assert!(streamed(&asset, 64, Some(asset.len() - 1)).is_err());
    assert!(streamed("", 1, None)
        .err()
        .unwrap()
        .what
        .contains("not a factor asset"));
}

#[test]
fn a_download_of_unknown_length_cannot_make_the_reader_reserve_beyond_what_a_device_loads() {
    let (items, params, hybrid) = trained();
    let asset = write(&items, &params, &hybrid);
    // Where the length is known the rest of the file bounds a header; where not, the device's limits.
    let huge = rehashed(&asset, |body| {
        body.replacen("items 12 64", "items 300000 64", 1)
    });
    let error = streamed(&huge, 4096, None).err().unwrap();
    assert!(error.what.contains("more than a device loads"), "{error}");
    let header = asset
        .lines()
        .find(|l| l.starts_with("neighbours "))
        .unwrap();
    let many = rehashed(&asset, |body| {
        body.replacen(header, "neighbours 12 99999999", 1)
    });
    let error = streamed(&many, 4096, None).err().unwrap();
    assert!(error.what.contains("more than a device loads"), "{error}");
    // A line without an end is held no longer than any line the format makes: the rest is only hashed.
    let mut reader = Reader::new(None);
    reader
        .push(
            asset
                .lines()
                .take(4)
                .collect::<Vec<_>>()
                .join("\n")
                .as_bytes(),
        )
        .unwrap();
    reader.push(b"\n").unwrap();
    for _ in 0..16 {
        reader.push(&[b'A'; 1 << 16]).unwrap();
    }
    assert!(reader.held() <= 1 << 17, "{} bytes held", reader.held());
    // So is an item's line, however many items the header announces (only a neighbour row of every
    // other item may be longer).
    let header: String = asset.lines().take(3).map(|l| format!("{l}\n")).collect();
    let mut reader = Reader::new(None);
    reader
        .push(format!("{header}items 500000 1\n").as_bytes())
        .unwrap();
    for _ in 0..4 {
        reader.push(&[b'A'; 1 << 16]).unwrap();
    }
    assert!(reader.held() <= 1 << 17, "{} bytes held", reader.held());
}

#[test]
fn a_reader_tells_damage_alike_however_the_bytes_arrive() {
    let (items, params, hybrid) = trained();
    let asset = write(&items, &params, &hybrid);
    let outcome = |text: &str| {
        let whole = read(text).err().map(|e| e.what);
        for size in [1, 3, 1000] {
            let streamed = streamed(text, size, None).err().map(|e| e.what);
            assert_eq!(streamed, whole, "in chunks of {size}");
        }
        whole.unwrap_or_default()
    };
    // A name longer than any line the format makes, however it is cut into chunks.
    let long_name = with_line(
        &asset,
        4,
        format!("{}\t1\t{}", "x".repeat(70_000), STANDARD.encode([1u8; 64])),
    );
    assert!(outcome(&long_name).contains("longer than the format makes"));
    // The same line in a file whose hash no longer matches: told as damage.
    let damaged = long_name.replacen("artist 3", "artist 8", 1);
    assert!(outcome(&damaged).contains("hash does not match"));
    // Line ends turned into \r\n, lines after the hash, a hash digit damaged: damage, not truncation.
    assert!(outcome(&asset.replace('\n', "\r\n")).contains("hash does not match"));
    assert!(outcome(&format!("{asset}artist 99\n")).contains("hash does not match"));
    let hash_at = asset.rfind("hash ").unwrap() + 5;
    let mut digit = asset.clone();
    digit.replace_range(hash_at..hash_at + 1, "g");
    assert!(outcome(&digit).contains("hash does not match"));
    // Something else entirely: not an asset, whatever its first line holds.
    assert!(outcome(&"\u{fffd}".repeat(40_000)).contains("not a factor asset"));
    assert!(streamed_bytes(&[0xff, 0xfe, b'\n', b'x']).contains("not a factor asset"));
    // A header whose product of items and factors wraps a 32-bit size: refused, not reserved.
    let wraps = rehashed(&asset, |body| {
        body.replacen("items 12 64", "items 4194304 1024", 1)
    });
    let error = streamed(&wraps, 100, None).err().unwrap();
    assert!(error.what.contains("more than a device loads"), "{error}");
}

fn streamed_bytes(bytes: &[u8]) -> String {
    let mut reader = Reader::new(None);
    match reader.push(bytes) {
        Err(refused) => refused.what,
        Ok(()) => reader.finish().err().unwrap().what,
    }
}

#[test]
fn a_download_that_is_no_asset_is_refused_at_its_first_line_not_at_its_end() {
    // A captive portal's page, or an endless first line: refused as the bytes arrive, so the worker
    // stops the download instead of waiting for its end (or its deadline).
    let mut page = Reader::new(None);
    let error = page.push(b"<html>captive portal</html>\n").unwrap_err();
    assert!(error.what.contains("not a factor asset"), "{error}");
    let mut endless = Reader::new(None);
    let pushed: Vec<bool> = (0..4)
        .map(|_| endless.push(&[b'x'; 1 << 15]).is_ok())
        .collect();
    assert_eq!(pushed, [true, true, false, false]);
    // A good header followed by damage is not refused early: the hash at the end judges it.
    let (items, params, hybrid) = trained();
    let asset = write(&items, &params, &hybrid);
    let damaged = asset.replacen("artist 3", "artist\u{0}3", 1);
    let mut reader = Reader::new(None);
    reader.push(damaged.as_bytes()).unwrap();
    assert!(reader
        .finish()
        .err()
        .unwrap()
        .what
        .contains("hash does not match"));
}
