//! Who may do what: roles, and the rules for usernames and passwords. Plain Rust.

use crate::closed_set;
use crate::problem::Problem;
use serde::{Deserialize, Serialize};
use std::fmt;

closed_set! {
    /// An account's role. The public needs no account.
    pub enum Role { Admin => "admin", Officer => "officer" }
}

impl Role {
    /// Whether this role may do what `required` may. Admins may do everything officers may.
    pub fn allows(self, required: Role) -> bool {
        self == Role::Admin || self == required
    }
}

/// Why a username or password was refused. It becomes a `Problem`: data, worded by the app where it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialError {
    Username,
    TooShort,
    TooLong,
}

impl From<CredentialError> for Problem {
    fn from(e: CredentialError) -> Self {
        match e {
            CredentialError::Username => Self::Username,
            CredentialError::TooShort => Self::PasswordTooShort {
                min: Password::MIN_NEW,
            },
            CredentialError::TooLong => Self::PasswordTooLong { max: Password::MAX },
        }
    }
}

crate::display_as_problem!(CredentialError);

/// A login name, stored in lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, CredentialError> {
        let name = raw.trim().to_lowercase();
        let ok = (2..=64).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        if ok {
            Ok(Self(name))
        } else {
            Err(CredentialError::Username)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = CredentialError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Username> for String {
    fn from(value: Username) -> Self {
        value.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password as typed. Never printed: `Debug` hides it.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Password(String);

impl Password {
    /// The shortest password a new account may get.
    pub const MIN_NEW: usize = 12;
    /// Longer input is refused before hashing, so hashing cost stays bounded.
    pub const MAX: usize = 256;

    /// A password offered at login: anything up to the maximum length.
    pub fn offered(raw: String) -> Result<Self, CredentialError> {
        if raw.chars().count() > Self::MAX {
            Err(CredentialError::TooLong)
        } else {
            Ok(Self(raw))
        }
    }

    /// A password chosen for an account: long enough to resist guessing.
    pub fn new_secret(raw: String) -> Result<Self, CredentialError> {
        let chars = raw.chars().count();
        if chars < Self::MIN_NEW {
            Err(CredentialError::TooShort)
        } else if chars > Self::MAX {
            Err(CredentialError::TooLong)
        } else {
            Ok(Self(raw))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// The signed-in user as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub username: String,
    pub role: Role,
}

/// Where a redirect may send the browser (after signing in, switching language, a form): a path on this
/// site, never another origin. Anything else means "/".
///
/// A path starts with a single `/` and holds no backslash, no whitespace and no control character: browsers
/// drop a tab or line break inside a URL, so `/\t/evil.example` reaches them as `//evil.example`, another
/// site; and a line break would not fit in a `Location` header at all.
pub fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains("://")
                && !p
                    .chars()
                    .any(|c| c == '\\' || c.is_whitespace() || c.is_control()) =>
        {
            p
        }
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(local_path(Some("/rapportera")), "/rapportera");
        assert_eq!(local_path(Some("/avtal/x?y=1")), "/avtal/x?y=1");
        for hostile in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "rapportera",
            "/x?u=http://e",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/ /evil.example",
            "/\u{a0}/evil.example",
            "/\u{7f}/evil.example",
            "/\u{85}/evil.example",
            "/x\r\nSet-Cookie: a=b",
        ] {
            assert_eq!(local_path(Some(hostile)), "/", "{hostile:?}");
        }
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn admins_may_do_what_officers_may_but_not_the_reverse() {
        assert!(Role::Admin.allows(Role::Officer));
        assert!(Role::Admin.allows(Role::Admin));
        assert!(Role::Officer.allows(Role::Officer));
        assert!(!Role::Officer.allows(Role::Admin));
    }

    #[test]
    fn usernames_are_lower_case_and_plain() {
        assert_eq!(
            Username::parse("  Anna.Berg ").unwrap().as_str(),
            "anna.berg"
        );
        for bad in ["", "a", "anna berg", "åsa", "a/b", &"x".repeat(65)] {
            assert_eq!(
                Username::parse(bad),
                Err(CredentialError::Username),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn new_passwords_must_be_long_enough_and_are_never_printed() {
        assert_eq!(
            Password::new_secret("kort".into()),
            Err(CredentialError::TooShort)
        );
        assert_eq!(
            Password::new_secret("x".repeat(257)),
            Err(CredentialError::TooLong)
        );
        let p = Password::new_secret("ett långt lösenord".into()).unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
        assert!(Password::offered("kort".into()).is_ok());
        assert_eq!(
            Password::offered("x".repeat(257)),
            Err(CredentialError::TooLong)
        );
    }

    #[test]
    fn password_limits_hold_exactly_at_their_bounds_counted_in_characters() {
        // 11 and 12 characters, the shortest refused and allowed; 256 and 257 the longest allowed and refused.
        assert_eq!(
            Password::new_secret("å".repeat(Password::MIN_NEW - 1)),
            Err(CredentialError::TooShort)
        );
        assert!(Password::new_secret("å".repeat(Password::MIN_NEW)).is_ok());
        assert!(Password::new_secret("å".repeat(Password::MAX)).is_ok());
        assert_eq!(
            Password::new_secret("å".repeat(Password::MAX + 1)),
            Err(CredentialError::TooLong)
        );
        assert!(Password::offered("å".repeat(Password::MAX)).is_ok());
        assert_eq!(
            Password::offered("å".repeat(Password::MAX + 1)),
            Err(CredentialError::TooLong)
        );
        assert_eq!((Password::MIN_NEW, Password::MAX), (12, 256));
        // Usernames: 2 and 64 characters allowed, 1 and 65 refused.
        assert!(Username::parse("ab").is_ok());
        assert!(Username::parse(&"x".repeat(64)).is_ok());
        assert!(Username::parse("a").is_err());
        assert!(Username::parse(&"x".repeat(65)).is_err());
    }

    #[test]
    fn a_username_and_a_password_read_back_as_given() {
        let name = Username::parse(" Anna.Berg ").unwrap();
        assert_eq!(name.to_string(), "anna.berg");
        assert_eq!(String::from(name), "anna.berg");
        let password = Password::new_secret("ett långt lösenord".into()).unwrap();
        assert_eq!(password.expose(), "ett långt lösenord");
    }
}
