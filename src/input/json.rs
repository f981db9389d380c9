//! JSON read strictly: an object that gives a key twice is an error naming the key and the line,
//! where `serde_json` alone keeps the last value (`{"num": 5, "num": 1, "den": 5}` would score 1/5).

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;
use serde_json::{Map, Value};

/// Reads `text` (a UTF-8 byte-order mark allowed) as a JSON value, refusing repeated keys.
pub(crate) fn value(text: &str) -> serde_json::Result<Value> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Strict { at: None }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// Reads `text` as a JSON object, refusing repeated keys.
pub(crate) fn object(text: &str) -> serde_json::Result<Map<String, Value>> {
    match value(text)? {
        Value::Object(object) => Ok(object),
        other => Err(de::Error::custom(format!(
            "expected an object, found {}",
            kind(&other)
        ))),
    }
}

/// Reads `text` as `T` after checking it for repeated keys (read twice: the check, then `T`, so
/// `T`'s own errors keep their line and column).
pub(crate) fn from_str<T: de::DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    value(text)?;
    serde_json::from_str(text)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Where a value is in the document: its key or index and its parent's place (borrowed from the
/// readers' stack frames, so tracking it allocates nothing).
enum Place<'p> {
    Key(&'p str, Option<&'p Place<'p>>),
    Index(usize, Option<&'p Place<'p>>),
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (parent, this) = match self {
            Place::Key(key, parent) => (parent, format!(".{}", crate::printable::printable(key))),
            Place::Index(i, parent) => (parent, format!("[{i}]")),
        };
        if let Some(parent) = parent {
            write!(f, "{parent}")?;
        }
        f.write_str(&this)
    }
}

/// Builds a [`Value`] as `serde_json` does, but for objects with a repeated key.
#[derive(Clone, Copy)]
struct Strict<'p> {
    at: Option<&'p Place<'p>>,
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let place = Place::Index(items.len(), self.at);
            match seq.next_element_seed(Strict { at: Some(&place) })? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                let within = match self.at {
                    Some(place) => format!(" in {}", place.to_string().trim_start_matches('.')),
                    None => String::new(),
                };
                return Err(de::Error::custom(format!(
                    "the key '{}' is given twice{within}",
                    crate::printable::printable(&key)
                )));
            }
            let place = Place::Key(&key, self.at);
            let value = map.next_value_seed(Strict { at: Some(&place) })?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::{object, value};

    #[test]
    fn a_repeated_key_is_an_error_with_its_line() {
        let error = value("{\"a\": {\n\"num\": 5,\n\"num\": 1, \"den\": 5}}").unwrap_err();
        assert_eq!(error.line(), 3);
        assert_eq!(
            error.to_string(),
            "the key 'num' is given twice in a at line 3 column 5"
        );
        let error = value("{\"units\": [{}, {\"c\": {\"x\": 1, \"x\": 2}}]}").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("the key 'x' is given twice in units[1].c"),
            "{error}"
        );
        // Keys repeated in different objects are fine.
        assert!(value("[{\"a\": 1}, {\"a\": 2}]").is_ok());
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_other_shapes_are_named() {
        assert!(object("\u{FEFF}{\"a\": 1}").is_ok());
        assert!(object("[1]").unwrap_err().to_string().contains("an array"));
        assert!(value("{\"a\": 1} x").is_err());
    }
}
