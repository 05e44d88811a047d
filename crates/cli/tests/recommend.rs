//! `attune recommend` through its files, as a caller outside sees it: settings chosen by default and
//! printed on stderr (`--quiet` silences, `--no-tune` keeps the fixed defaults), and listeners folded
//! into a model trained on others (`--fold-in`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh directory for one test's files.
fn workdir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("attune-cli-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Two taste groups with no item in common: `a` listeners play the `a` items, `b` listeners the `b`
/// items, each listener four of their group's eight (the other four are what they are missing). Group `a` is larger, so its items are the
/// most popular overall: a model that ignores the listener recommends them to everyone.
fn community(a_listeners: usize, b_listeners: usize) -> String {
    let mut text = String::new();
    for (group, listeners) in [("a", a_listeners), ("b", b_listeners)] {
        for u in 0..listeners {
            for i in (0..8).filter(|i| i % 4 != u % 4 && (i + 1) % 4 != u % 4) {
                text += &format!("{group}{u}\t{group}-item{i}\t{}\n", 1 + (u + i) % 5);
            }
        }
    }
    text
}

/// Runs `attune recommend` with `args`; (RECS rows as (user, item, rank), stderr).
fn recommend(dir: &Path, args: &[&str], k: usize) -> (Vec<(String, String, usize)>, String) {
    let out = dir.join("recs.tsv");
    let run = Command::new(env!("CARGO_BIN_EXE_attune"))
        .arg("recommend")
        .args(args)
        .args(["--k", &k.to_string(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(run.status.success(), "{args:?}: {stderr}");
    let rows = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 4, "user, item, rank, score: {line}");
            f[3].parse::<f32>().expect("a score");
            (f[0].to_string(), f[1].to_string(), f[2].parse().unwrap())
        })
        .collect();
    (rows, stderr)
}

/// Each user's recommended items in rank order, checking ranks run 1..=k.
fn lists(rows: &[(String, String, usize)], k: usize) -> HashMap<String, Vec<String>> {
    let mut lists: HashMap<String, Vec<String>> = HashMap::new();
    for (user, item, rank) in rows {
        let list = lists.entry(user.clone()).or_default();
        assert_eq!(*rank, list.len() + 1, "{user}: ranks from 1");
        list.push(item.clone());
    }
    assert!(lists.values().all(|l| l.len() == k), "{k} a user");
    lists
}

/// Each user's items in a `user item weight` file.
fn histories(text: &str) -> HashMap<String, HashSet<String>> {
    let mut have: HashMap<String, HashSet<String>> = HashMap::new();
    for line in text.lines() {
        let mut f = line.split('\t');
        let (user, item) = (f.next().unwrap(), f.next().unwrap());
        have.entry(user.into()).or_default().insert(item.into());
    }
    have
}

#[test]
fn recommend_chooses_its_settings_and_prints_them_unless_told_not_to() {
    let dir = workdir("tune");
    let text = community(30, 20);
    let train = dir.join("train.tsv");
    std::fs::write(&train, &text).unwrap();
    let train = train.to_str().unwrap();
    let have = histories(&text);
    let k = 2;

    let (rows, stderr) = recommend(&dir, &["--train", train], k);
    assert!(
        stderr.contains("chosen on a validation split of the training data")
            && stderr.contains("known listeners"),
        "the chosen settings are printed: {stderr}"
    );
    let chosen = &stderr[stderr.find("settings ").unwrap() + 9..];
    let chosen = &chosen[..chosen.find(' ').unwrap()];
    assert!(chosen.starts_with("alpha="), "{chosen}");
    assert!(
        stderr.contains(&format!("\"settings\":\"{chosen}\"")),
        "the model is refitted with what was chosen: {stderr}"
    );
    let tuned = lists(&rows, k);
    assert_eq!(tuned.len(), have.len(), "every user of the train file");
    for (user, list) in &tuned {
        let group = &user[..1];
        assert!(
            list.iter().all(|i| !have[user].contains(i)),
            "{user}: nothing they have"
        );
        assert!(
            list.iter().all(|i| i.starts_with(group)),
            "{user}: their group's items {list:?}"
        );
    }

    let (quiet_rows, quiet) = recommend(&dir, &["--train", train, "--quiet"], k);
    assert_eq!(quiet, "", "--quiet prints nothing");
    assert_eq!(
        lists(&quiet_rows, k),
        tuned,
        "the same settings, quiet or not"
    );

    let (_, fixed) = recommend(&dir, &["--train", train, "--no-tune"], k);
    assert!(
        !fixed.contains("chosen"),
        "--no-tune chooses nothing: {fixed}"
    );
    let defaults = "alpha=5.5,regularization=10,reg_exponent=0.75";
    assert!(
        fixed.contains(&format!("\"settings\":\"{defaults}")),
        "{fixed}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fold_in_trains_on_the_community_and_recommends_to_the_new_listeners_only() {
    let dir = workdir("fold-in");
    let (train, new) = (dir.join("community.tsv"), dir.join("new.tsv"));
    std::fs::write(&train, community(30, 20)).unwrap();
    // New listeners, absent from the community: three of the smaller group's items, three of the larger
    // group's, and one who also played an item the community has never heard (it cannot be scored).
    let new_text = "nb\tb-item0\t4\nnb\tb-item1\t2\nnb\tb-item2\t7\n\
                    na\ta-item5\t1\nna\ta-item6\t3\nna\ta-item7\t2\nna\tunknown-item\t9\n";
    std::fs::write(&new, new_text).unwrap();
    let have = histories(new_text);
    let k = 3;
    for model in ["hybrid", "als", "rp3beta"] {
        for tune in [&[][..], &["--no-tune"]] {
            let args = [
                &[
                    "--train",
                    train.to_str().unwrap(),
                    "--fold-in",
                    new.to_str().unwrap(),
                    "--model",
                    model,
                ][..],
                tune,
            ]
            .concat();
            let (rows, stderr) = recommend(&dir, &args, k);
            if tune.is_empty() {
                assert!(stderr.contains("listeners folded in"), "{model}: {stderr}");
            }
            let lists = lists(&rows, k);
            let users: HashSet<&str> = lists.keys().map(String::as_str).collect();
            assert_eq!(
                users,
                HashSet::from(["na", "nb"]),
                "{model}: NEW's listeners only"
            );
            for (user, list) in &lists {
                let group = &user[1..];
                assert!(
                    list.iter().all(|i| !have[user].contains(i)),
                    "{model}: {user} has {list:?}"
                );
                assert!(
                    list.iter().all(|i| i.starts_with(group)),
                    "{model} {tune:?}: {user} is folded in from their own items, {list:?}"
                );
            }
        }
    }
    let (rows, _) = recommend(
        &dir,
        &[
            "--train",
            train.to_str().unwrap(),
            "--fold-in",
            new.to_str().unwrap(),
            "--model",
            "popularity",
        ],
        k,
    );
    assert!(
        rows.iter().any(|(u, i, _)| u == "nb" && i.starts_with('a')),
        "the fixture can tell: popularity ignores the listener"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
