//! The wire's lenient reading (`model::Lenient`, `Each`, `decode`) on its
//! own: a wrongly typed value costs that value, never its siblings, and a
//! struct is read only from an object.

use article_widget::model::{decode, Each, Lenient};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize)]
struct Person {
    #[serde(default)]
    name: Lenient<String>,
    #[serde(default)]
    tags: Lenient<Each<String>>,
    #[serde(default)]
    friend: Lenient<Friend>,
    #[serde(default)]
    note: Lenient<String>,
}

#[derive(Debug, Deserialize)]
struct Friend {
    #[serde(default)]
    name: Lenient<String>,
}

fn person(value: Value) -> Person {
    decode(&value).unwrap_or_else(|| panic!("{value} did not decode"))
}

#[test]
fn a_wrongly_typed_value_is_absent_and_its_siblings_are_read() {
    for wrong in [json!(7), json!(1.5), json!(true), json!(null), json!(["x"]), json!({"x": 1})] {
        let p = person(json!({"name": wrong, "note": "kept"}));
        assert!(matches!(p.name, Lenient::Wrong), "{wrong}: {:?}", p.name);
        assert_eq!(p.note.ok().as_deref(), Some("kept"), "{wrong}");
    }
    let p = person(json!({"name": "Ann"}));
    assert_eq!(p.name.ok().as_deref(), Some("Ann"));
    assert!(matches!(p.note, Lenient::Absent));
}

#[test]
fn a_struct_is_read_from_an_object_only_never_by_position() {
    let p = person(json!({"friend": ["Bob"]}));
    assert!(matches!(p.friend, Lenient::Wrong), "{:?}", p.friend);
    let p = person(json!({"friend": {"name": "Bob"}}));
    assert_eq!(p.friend.ok().and_then(|f| f.name.ok()).as_deref(), Some("Bob"));
    assert!(decode::<Person, _>(&json!(["Ann", ["a"]])).is_none(), "a document array is not a struct");
    assert!(decode::<Person, _>(&json!("Ann")).is_none());
}

#[test]
fn a_list_drops_its_wrongly_typed_elements() {
    let p = person(json!({"tags": ["a", 1, null, ["b"], "c"]}));
    assert_eq!(p.tags.ok().map(|Each(tags)| tags), Some(vec!["a".to_owned(), "c".to_owned()]));
    let p = person(json!({"tags": "a"}));
    assert!(matches!(p.tags, Lenient::Wrong));
}

#[test]
fn unknown_fields_are_ignored_and_duplicates_were_settled_by_the_parse() {
    let value: Value = serde_json::from_str(r#"{"name": "first", "extra": {"deep": [1]}, "name": "last"}"#).unwrap();
    assert_eq!(person(value).name.ok().as_deref(), Some("last"));
}
