//! A small flag parser: `--name value` pairs after a command word. The CLI's needs are too few to justify
//! a parser dependency.

use anyhow::{bail, Context, Result};

pub struct Args {
    command: Option<String>,
    rest: Vec<String>,
}

impl Args {
    pub fn from_env() -> Args {
        let mut all: Vec<String> = std::env::args().skip(1).collect();
        let command = (!all.is_empty()).then(|| all.remove(0));
        Args { command, rest: all }
    }

    pub fn command(&mut self) -> Option<String> {
        self.command.clone()
    }

    /// Removes every `flag value` pair and returns the values.
    pub fn all(&mut self, flag: &str) -> Vec<String> {
        let mut values = Vec::new();
        while let Some(pos) = self.rest.iter().position(|a| a == flag) {
            if pos + 1 < self.rest.len() {
                values.push(self.rest.remove(pos + 1));
            }
            self.rest.remove(pos);
        }
        values
    }

    /// Removes a bare `flag` and says whether it was there.
    pub fn flag(&mut self, flag: &str) -> bool {
        let before = self.rest.len();
        self.rest.retain(|a| a != flag);
        self.rest.len() != before
    }

    pub fn optional<T: std::str::FromStr>(&mut self, flag: &str) -> Result<Option<T>>
    where
        T::Err: std::error::Error + Send + Sync + 'static,
    {
        match self.all(flag).pop() {
            Some(v) => Ok(Some(
                v.parse()
                    .with_context(|| format!("{flag} {v:?} is not valid"))?,
            )),
            None => Ok(None),
        }
    }

    pub fn required(&mut self, flag: &str) -> Result<String> {
        match self.all(flag).pop() {
            Some(v) => Ok(v),
            None => bail!("{flag} is required"),
        }
    }

    /// Everything after the command word, for commands that take paths rather than flags.
    pub fn positional(self) -> Vec<String> {
        self.rest
    }

    /// Fails on anything left over, so a typo in a flag is reported instead of ignored.
    pub fn finish(self) -> Result<()> {
        if let Some(extra) = self.rest.first() {
            bail!("unexpected argument {extra:?}");
        }
        Ok(())
    }
}
