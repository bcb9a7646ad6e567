//! Settings that can hold a secret can be given in a file instead of the environment: `<NAME>_FILE` names
//! the file (as container secrets and systemd credentials provide them), whose content, without its final
//! line break, is the value. Giving both `<NAME>` and `<NAME>_FILE` is an error at start, so that it is
//! never unclear which one is used.

use anyhow::{bail, Context};
use std::path::PathBuf;

/// The settings that can hold a secret (a database URL carries its password).
pub const SECRET_SETTINGS: [&str; 2] = ["DATABASE_URL", "LOFTE_COPY_TO"];

/// A setting whose value was read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromFile {
    pub name: &'static str,
    pub path: PathBuf,
}

/// Reads every `<NAME>_FILE` of [`SECRET_SETTINGS`] into `<NAME>`. Call it first thing, before any
/// thread is started and before the command line is parsed (which reads the environment).
pub fn load_secret_files() -> anyhow::Result<Vec<FromFile>> {
    let mut loaded = Vec::new();
    for name in SECRET_SETTINGS {
        let file_var = format!("{name}_FILE");
        let Some(path) = std::env::var_os(&file_var).map(PathBuf::from) else {
            continue;
        };
        if std::env::var_os(name).is_some() {
            bail!("both {name} and {file_var} are set: give the setting one way");
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {file_var} ({})", path.display()))?;
        let value = text.trim_end_matches(['\n', '\r']);
        if value.is_empty() {
            bail!("{file_var} ({}) is empty", path.display());
        }
        // Before any other thread exists: nothing reads the environment meanwhile.
        std::env::set_var(name, value);
        loaded.push(FromFile { name, path });
    }
    Ok(loaded)
}
