//! A `Serializer` that turns a settings value into its variables: each field becomes a
//! variable holding the value's text, a struct or map field a group of variables under
//! `<FIELD>__`. Only what settings are made of is supported (scalars, options, lists,
//! structs and maps); anything else is an error rather than a guess.

use serde::ser::{self, Impossible, Serialize};

use crate::{Error, Setting};

/// The newtype name [`crate::secret`] serializes as.
pub(crate) const SECRET: &str = "baton_settings_catalogue::secret";

/// The settings of `value` (a struct or map), named `prefix` + upper-cased field.
pub(crate) fn settings<T: Serialize>(value: &T, prefix: &str) -> Result<Vec<Setting>, Error> {
    let Node::Group(fields) = value.serialize(NodeSerializer)? else {
        return Err(Error("settings must be a struct".into()));
    };
    let mut out = Vec::new();
    flatten(prefix, fields, &mut out);
    Ok(out)
}

fn flatten(prefix: &str, fields: Vec<(String, Node)>, out: &mut Vec<Setting>) {
    for (field, node) in fields {
        let variable = format!("{prefix}{}", field.to_ascii_uppercase());
        let (default, secret) = match node {
            Node::Group(inner) => {
                flatten(&format!("{variable}__"), inner, out);
                continue;
            }
            Node::Text(text) => (Some(text), false),
            Node::Unset => (None, false),
            Node::Secret => (None, true),
        };
        out.push(Setting {
            variable,
            default,
            secret,
        });
    }
}

/// What one value serialized to.
enum Node {
    Text(String),
    Unset,
    Secret,
    Group(Vec<(String, Node)>),
}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

struct NodeSerializer;

fn text(value: impl ToString) -> Result<Node, Error> {
    Ok(Node::Text(value.to_string()))
}

impl ser::Serializer for NodeSerializer {
    type Ok = Node;
    type Error = Error;
    type SerializeSeq = List;
    type SerializeTuple = List;
    type SerializeTupleStruct = List;
    type SerializeTupleVariant = Impossible<Node, Error>;
    type SerializeMap = Group;
    type SerializeStruct = Group;
    type SerializeStructVariant = Impossible<Node, Error>;

    fn serialize_bool(self, v: bool) -> Result<Node, Error> {
        text(v)
    }
    fn serialize_i8(self, v: i8) -> Result<Node, Error> {
        text(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Node, Error> {
        text(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Node, Error> {
        text(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Node, Error> {
        text(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Node, Error> {
        text(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Node, Error> {
        text(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Node, Error> {
        text(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Node, Error> {
        text(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Node, Error> {
        text(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Node, Error> {
        text(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Node, Error> {
        text(v)
    }
    fn serialize_f64(self, v: f64) -> Result<Node, Error> {
        text(v)
    }
    fn serialize_char(self, v: char) -> Result<Node, Error> {
        text(v)
    }
    fn serialize_str(self, v: &str) -> Result<Node, Error> {
        text(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Node, Error> {
        Err(Error("a setting cannot be bytes".into()))
    }
    fn serialize_none(self) -> Result<Node, Error> {
        Ok(Node::Unset)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<Node, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Node, Error> {
        Ok(Node::Unset)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Node, Error> {
        Ok(Node::Unset)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Node, Error> {
        text(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Node, Error> {
        if name == SECRET {
            Ok(Node::Secret)
        } else {
            value.serialize(self)
        }
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: &T,
    ) -> Result<Node, Error> {
        Err(Error(format!(
            "a setting cannot be the enum variant {variant}"
        )))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<List, Error> {
        Ok(List(Vec::new()))
    }
    fn serialize_tuple(self, _: usize) -> Result<List, Error> {
        Ok(List(Vec::new()))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<List, Error> {
        Ok(List(Vec::new()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error(format!(
            "a setting cannot be the enum variant {variant}"
        )))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Group, Error> {
        Ok(Group::default())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Group, Error> {
        Ok(Group::default())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error(format!(
            "a setting cannot be the enum variant {variant}"
        )))
    }
}

/// A list setting: its items comma-separated, as the environment gives them.
struct List(Vec<String>);

impl List {
    fn push<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        match value.serialize(NodeSerializer)? {
            Node::Text(text) => self.0.push(text),
            _ => return Err(Error("a list setting holds plain values only".into())),
        }
        Ok(())
    }
    fn finish(self) -> Result<Node, Error> {
        text(self.0.join(","))
    }
}

/// Sequences, tuples and tuple structs are all lists of plain values.
macro_rules! list_of_values {
    ($($kind:ident::$add:ident),* $(,)?) => {$(
        impl ser::$kind for List {
            type Ok = Node;
            type Error = Error;
            fn $add<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
                self.push(value)
            }
            fn end(self) -> Result<Node, Error> {
                self.finish()
            }
        }
    )*};
}

list_of_values!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
);

/// A struct, or a map (what a struct with flattened fields serializes as).
#[derive(Default)]
struct Group {
    fields: Vec<(String, Node)>,
    key: Option<String>,
}

impl Group {
    fn field<T: ?Sized + Serialize>(&mut self, key: String, value: &T) -> Result<(), Error> {
        let node = value.serialize(NodeSerializer)?;
        self.fields.push((key, node));
        Ok(())
    }
}

impl ser::SerializeStruct for Group {
    type Ok = Node;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key.to_owned(), value)
    }
    fn end(self) -> Result<Node, Error> {
        Ok(Node::Group(self.fields))
    }
}

impl ser::SerializeMap for Group {
    type Ok = Node;
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        match key.serialize(NodeSerializer)? {
            Node::Text(key) => self.key = Some(key),
            _ => return Err(Error("a settings key must be text".into())),
        }
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error("a value without a key".into()))?;
        self.field(key, value)
    }
    fn end(self) -> Result<Node, Error> {
        Ok(Node::Group(self.fields))
    }
}
