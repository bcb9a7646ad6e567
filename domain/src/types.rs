//! Value types shared by every feature: bounded text, and the macro that gives each closed set exactly one
//! string mapping (used by the database, JSON and forms alike).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a piece of text was refused. It becomes a `Problem`: data, worded by the app where it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    Empty,
    TooLong { max: usize },
}

/// Trimmed, non-empty text of at most `MAX` characters. Inner line breaks are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Text<const MAX: usize>(String);

/// A name, a title, a place: one short line.
pub type Line = Text<200>;
/// A promise, an activity, a background section.
pub type Paragraph = Text<20_000>;

impl<const MAX: usize> Text<MAX> {
    pub fn parse(raw: &str) -> Result<Self, TextError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            Err(TextError::Empty)
        } else if trimmed.chars().count() > MAX {
            Err(TextError::TooLong { max: MAX })
        } else {
            Ok(Self(trimmed.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl<const MAX: usize> TryFrom<String> for Text<MAX> {
    type Error = TextError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl<const MAX: usize> From<Text<MAX>> for String {
    fn from(value: Text<MAX>) -> Self {
        value.0
    }
}

impl<const MAX: usize> fmt::Display for Text<MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A string that names no member of a closed set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    pub set: &'static str,
    pub value: String,
}

/// Declares an enum over a closed set with its one wire spelling per variant. The spelling is used by
/// serde, by the database (`as_str`/`FromStr`) and by HTML forms, so it cannot drift between them.
#[macro_export]
macro_rules! closed_set {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::types::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::types::UnknownValue { set: stringify!($name), value: s.to_owned() }),
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::types::UnknownValue;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                value.parse()
            }
        }

        impl From<$name> for &'static str {
            fn from(value: $name) -> Self {
                value.as_str()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(Text::<5>::parse("  abc \n").unwrap().as_str(), "abc");
        assert_eq!(Text::<5>::parse(" \t\n"), Err(TextError::Empty));
        assert_eq!(
            Text::<5>::parse("abcdef"),
            Err(TextError::TooLong { max: 5 })
        );
        // Characters, not bytes: five Swedish letters fit in five.
        assert!(Text::<5>::parse("åäöÅÄ").is_ok());
    }

    #[test]
    fn text_keeps_inner_line_breaks() {
        assert_eq!(Text::<50>::parse("a\n\nb").unwrap().as_str(), "a\n\nb");
    }

    #[test]
    fn text_refuses_bad_json() {
        assert!(serde_json::from_str::<Text<3>>("\"abcd\"").is_err());
        assert!(serde_json::from_str::<Text<3>>("\"  \"").is_err());
        assert_eq!(
            serde_json::from_str::<Text<3>>("\" ab \"")
                .unwrap()
                .as_str(),
            "ab"
        );
    }

    closed_set! {
        pub enum Colour { Red => "red", DarkBlue => "dark_blue" }
    }

    #[test]
    fn closed_set_round_trips_through_every_spelling() {
        for colour in Colour::ALL {
            assert_eq!(colour.as_str().parse::<Colour>(), Ok(*colour));
            let json = serde_json::to_string(colour).unwrap();
            assert_eq!(json, format!("\"{}\"", colour.as_str()));
            assert_eq!(serde_json::from_str::<Colour>(&json).unwrap(), *colour);
        }
        assert_eq!(
            "green".parse::<Colour>(),
            Err(UnknownValue {
                set: "Colour",
                value: "green".into()
            })
        );
        assert!(serde_json::from_str::<Colour>("\"Red\"").is_err());
    }
}
