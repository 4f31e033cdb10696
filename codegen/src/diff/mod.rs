//! What changed between two versions of the generated API, and what each
//! change means under semver for the users of the generated crate.
//!
//! Both sides are [`Surface`]s: taken from the named type graph after the
//! whole pipeline (so a Rust rename, a module move or a feature change is
//! seen as users see it), or read from a committed `api-surface.json`.
//! Types are matched by component schema name first, then by Rust path;
//! type references compare by the Rust type they spell, after the renames
//! found, so a renamed type is reported once and not again in every field
//! that holds it.
//!
//! # Semver rules for this crate
//!
//! The generated types have public fields and no `#[non_exhaustive]`;
//! every struct has a public `extra` field; structs whose fields are all
//! optional implement `Default`; every struct has a builder (`FooArgs`);
//! enums and tagged unions are open (`Other(String)`, `Unknown(Value)`) at
//! run time, but their variants are a closed Rust enum at compile time.
//! Hence:
//!
//! - **Breaking**: anything removed or renamed (type, field, enum value,
//!   variant, module path, feature); a changed Rust type of a field, variant
//!   or alias (including required ↔ optional and nullability, whenever they
//!   change `T` / `Option<T>` / `Nullable<T>`); a type that changes kind; a
//!   constant that changes value; a type moved to another module (its path
//!   `openai_types::area::Name` goes away; the root re-export stays); a type
//!   that a feature no longer compiles; a struct that loses `Default`;
//!   a tag value or tag property a union no longer reads; an operation
//!   removed, or its request body added, removed or retyped.
//! - **Breaking, for struct literals and exhaustive matches only**: a new
//!   optional field (a struct literal must name every field, since `extra` is
//!   public and `..Default::default()` exists only for all-optional structs;
//!   builders are unaffected); a new required field (builders' `build()` now
//!   fails without it, too); a new enum value or union variant (an exhaustive
//!   `match` needs an arm; and a value that read as `Other`/`Unknown` now
//!   reads as the new variant). The report counts these apart, since they
//!   are the usual content of a spec update.
//! - **Additive** (compiles unchanged; a release is still needed): a new
//!   type, feature or operation; a new response body; a new tag value for
//!   an existing variant; a struct that gains `Default`; a type compiled by
//!   more features; `#[deprecated]` added (a warning, not an error); a
//!   change of required or nullable that keeps the Rust type (required and
//!   nullable ↔ optional, both `Option<T>`: only the wire form of `None`
//!   changes); untagged variants tried in another order; an operation's
//!   method or path.
//! - **None**: documentation; `#[deprecated]` removed.
//!
//! Operations are rated as methods of an HTTP client would be (request body
//! = argument, response bodies = results); today they decide modules and
//! features, which are reported on the types.
//!
//! The verdict is the highest impact found. In 0.x, Cargo treats the minor
//! number as the major one: breaking → `0.(x+1).0`, otherwise `0.x.(y+1)`;
//! from 1.0, breaking → major, additive → minor, none → patch.

mod report;
pub mod surface;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

pub use report::{changelog, json, next_version, summary_paragraph, text};
pub use surface::{Surface, SURFACE_FILE};
use surface::{declared, FieldSurface, OperationSurface, Shape, TypeSurface, VariantSurface};

/// A change's effect on users of the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Nothing users can observe in their code (documentation).
    None,
    /// Existing code compiles and means the same; needs a release.
    Additive,
    /// Some existing code stops compiling or means something else.
    Breaking,
}

impl Impact {
    pub fn label(self) -> &'static str {
        match self {
            Impact::None => "none",
            Impact::Additive => "additive",
            Impact::Breaking => "breaking",
        }
    }
}

/// What kind of change; the order is the order of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    FeatureAdded,
    FeatureRemoved,
    TypeAdded,
    TypeRemoved,
    TypeRenamed,
    TypeMoved,
    KindChanged,
    FeaturesChanged,
    DefaultChanged,
    Deprecated,
    Undeprecated,
    FieldAdded,
    RequiredFieldAdded,
    FieldRemoved,
    FieldRenamed,
    FieldTypeChanged,
    FieldRequiredChanged,
    FieldNullableChanged,
    FieldDeprecated,
    FieldUndeprecated,
    EnumValueAdded,
    EnumValueRemoved,
    EnumValueRenamed,
    VariantAdded,
    VariantRemoved,
    VariantRenamed,
    VariantTypeChanged,
    VariantTagsChanged,
    VariantsReordered,
    TagPropertyChanged,
    ConstantChanged,
    AliasChanged,
    OperationAdded,
    OperationRemoved,
    OperationMoved,
    BodyAdded,
    BodyRemoved,
    BodyTypeChanged,
    ParameterAdded,
    RequiredParameterAdded,
    ParameterRemoved,
    ParameterChanged,
    ClientMethodRenamed,
    DocsChanged,
}

impl ChangeKind {
    /// Singular and plural label, for the report and the summary.
    pub fn labels(self) -> (&'static str, &'static str) {
        use ChangeKind::*;
        match self {
            FeatureAdded => ("feature added", "features added"),
            FeatureRemoved => ("feature removed", "features removed"),
            TypeAdded => ("type added", "types added"),
            TypeRemoved => ("type removed", "types removed"),
            TypeRenamed => ("type renamed", "types renamed"),
            TypeMoved => ("type moved", "types moved"),
            KindChanged => ("kind changed", "kinds changed"),
            FeaturesChanged => ("features changed", "feature sets changed"),
            DefaultChanged => ("Default changed", "Default impls changed"),
            Deprecated => ("type deprecated", "types deprecated"),
            Undeprecated => ("type undeprecated", "types undeprecated"),
            FieldAdded => ("optional field added", "optional fields added"),
            RequiredFieldAdded => ("required field added", "required fields added"),
            FieldRemoved => ("field removed", "fields removed"),
            FieldRenamed => ("field renamed", "fields renamed"),
            FieldTypeChanged => ("field type changed", "field types changed"),
            FieldRequiredChanged => ("field required/optional", "fields required/optional"),
            FieldNullableChanged => ("field nullability", "field nullabilities"),
            FieldDeprecated => ("field deprecated", "fields deprecated"),
            FieldUndeprecated => ("field undeprecated", "fields undeprecated"),
            EnumValueAdded => ("enum value added", "enum values added"),
            EnumValueRemoved => ("enum value removed", "enum values removed"),
            EnumValueRenamed => ("enum value renamed", "enum values renamed"),
            VariantAdded => ("variant added", "variants added"),
            VariantRemoved => ("variant removed", "variants removed"),
            VariantRenamed => ("variant renamed", "variants renamed"),
            VariantTypeChanged => ("variant type changed", "variant types changed"),
            VariantTagsChanged => ("variant tags changed", "variant tags changed"),
            VariantsReordered => ("variants reordered", "variant orders changed"),
            TagPropertyChanged => ("tag property changed", "tag properties changed"),
            ConstantChanged => ("constant changed", "constants changed"),
            AliasChanged => ("alias changed", "aliases changed"),
            OperationAdded => ("operation added", "operations added"),
            OperationRemoved => ("operation removed", "operations removed"),
            OperationMoved => ("operation moved", "operations moved"),
            BodyAdded => ("body added", "bodies added"),
            BodyRemoved => ("body removed", "bodies removed"),
            BodyTypeChanged => ("body type changed", "body types changed"),
            ParameterAdded => ("optional parameter added", "optional parameters added"),
            RequiredParameterAdded => ("required parameter added", "required parameters added"),
            ParameterRemoved => ("parameter removed", "parameters removed"),
            ParameterChanged => ("parameter changed", "parameters changed"),
            ClientMethodRenamed => ("client method renamed", "client methods renamed"),
            DocsChanged => ("docs changed", "docs changed"),
        }
    }

    /// Breaking only for struct literals and exhaustive matches: the usual
    /// content of a spec update, counted apart in the report.
    pub fn breaks_only_literals_and_matches(self) -> bool {
        matches!(self, ChangeKind::FieldAdded | ChangeKind::RequiredFieldAdded | ChangeKind::EnumValueAdded | ChangeKind::VariantAdded)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// The API area (module) of the type, or of the operation's path.
    pub area: String,
    /// The type (`Name`), member (`Name.field`, `Name::Variant`), operation
    /// (`operationId`) or feature (`feature name`) changed.
    pub subject: String,
    pub kind: ChangeKind,
    pub impact: Impact,
    /// What changed, in Rust terms (`Option<String>` → `String`).
    pub detail: String,
}

/// Every change between two surfaces, sorted by area, subject and kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub old_types: usize,
    pub new_types: usize,
    pub old_operations: usize,
    pub new_operations: usize,
    pub changes: Vec<Change>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The highest impact of any change (`None` when nothing changed).
    pub fn verdict(&self) -> Impact {
        self.changes.iter().map(|c| c.impact).max().unwrap_or(Impact::None)
    }

    pub fn is_breaking(&self) -> bool {
        self.verdict() == Impact::Breaking
    }

    /// How many changes of each impact.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }

    /// How many changes of each kind, in report order.
    pub fn kinds(&self) -> BTreeMap<ChangeKind, usize> {
        let mut counts = BTreeMap::new();
        for change in &self.changes {
            *counts.entry(change.kind).or_default() += 1;
        }
        counts
    }

    /// The changes grouped by area, areas sorted.
    pub fn by_area(&self) -> BTreeMap<&str, Vec<&Change>> {
        let mut areas: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
        for change in &self.changes {
            areas.entry(change.area.as_str()).or_default().push(change);
        }
        areas
    }
}

/// Compares two surfaces.
pub fn diff(old: &Surface, new: &Surface) -> Report {
    let mut changes = Vec::new();
    let removed_features: BTreeSet<&str> =
        old.features.keys().filter(|f| !new.features.contains_key(*f)).map(String::as_str).collect();
    for feature in old.features.keys().chain(new.features.keys()).collect::<BTreeSet<_>>() {
        let (area, subject) = (feature.replace('-', "_"), format!("feature {feature}"));
        match (old.features.contains_key(feature), new.features.contains_key(feature)) {
            (true, false) => changes.push(change(&area, &subject, ChangeKind::FeatureRemoved, Impact::Breaking, format!("feature `{feature}` is gone"))),
            (false, true) => changes.push(change(&area, &subject, ChangeKind::FeatureAdded, Impact::Additive, format!("new feature `{feature}`"))),
            _ => {}
        }
    }
    let pairs = match_types(old, new);
    let renames: BTreeMap<String, String> = pairs
        .iter()
        .filter_map(|pair| match pair {
            (Some(o), Some(n)) if old.types[*o].name != new.types[*n].name => {
                Some((path_of(&old.types[*o]), path_of(&new.types[*n])))
            }
            _ => None,
        })
        .collect();
    let types = TypeDiff { old, new, renames: &renames, removed_features: &removed_features };
    for pair in &pairs {
        match pair {
            (Some(o), None) => {
                let t = &old.types[*o];
                changes.push(change(&t.module, &t.name, ChangeKind::TypeRemoved, Impact::Breaking, format!("{} `{}` removed", kind_word(&t.shape), qualified(t))));
            }
            (None, Some(n)) => {
                let t = &new.types[*n];
                changes.push(change(&t.module, &t.name, ChangeKind::TypeAdded, Impact::Additive, format!("new {} `{}`", kind_word(&t.shape), qualified(t))));
            }
            (Some(o), Some(n)) => types.compare(&old.types[*o], &new.types[*n], &mut changes),
            (None, None) => {}
        }
    }
    operations(old, new, &renames, &mut changes);
    changes.sort();
    changes.dedup();
    Report {
        old_types: old.types.len(),
        new_types: new.types.len(),
        old_operations: old.operations.len(),
        new_operations: new.operations.len(),
        changes,
    }
}

fn change(area: &str, subject: &str, kind: ChangeKind, impact: Impact, detail: String) -> Change {
    Change { area: area.to_string(), subject: subject.to_string(), kind, impact, detail }
}

/// Pairs of old and new type keys: same component name first, then the
/// same Rust path among the rest (an inline schema moved to the
/// components keeps its type), then what is left on either side alone.
fn match_types<'a>(old: &'a Surface, new: &'a Surface) -> Vec<(Option<&'a String>, Option<&'a String>)> {
    let mut pairs = Vec::new();
    let mut old_left: BTreeMap<String, &String> = BTreeMap::new();
    let mut new_left: BTreeMap<String, &String> = BTreeMap::new();
    for (key, t) in &old.types {
        match new.types.get_key_value(key) {
            Some((new_key, n)) if t.component && n.component => pairs.push((Some(key), Some(new_key))),
            _ => {
                old_left.insert(path_of(t), key);
            }
        }
    }
    for (key, t) in &new.types {
        let paired = t.component && old.types.get(key).is_some_and(|o| o.component);
        if !paired {
            new_left.insert(path_of(t), key);
        }
    }
    for (path, old_key) in &old_left {
        match new_left.remove(path) {
            Some(new_key) => pairs.push((Some(*old_key), Some(new_key))),
            None => pairs.push((Some(*old_key), None)),
        }
    }
    pairs.extend(new_left.into_values().map(|key| (None, Some(key))));
    pairs
}

/// The Rust path a type is named by in other types (`Name`, `constants::Name`).
fn path_of(t: &TypeSurface) -> String {
    if t.module == crate::name::CONSTANTS {
        format!("{}::{}", t.module, t.name)
    } else {
        t.name.clone()
    }
}

fn qualified(t: &TypeSurface) -> String {
    format!("{}::{}", t.module, t.name)
}

fn kind_word(shape: &Shape) -> &'static str {
    match shape {
        Shape::Struct { .. } => "struct",
        Shape::Enum { .. } => "enum",
        Shape::Tagged { .. } => "tagged union",
        Shape::Untagged { .. } => "untagged union",
        Shape::Constant { .. } => "constant",
        Shape::Alias { .. } => "alias",
    }
}

/// A Rust type spelled with old names, respelled with the new names of renamed types.
fn renamed(ty: &str, renames: &BTreeMap<String, String>) -> String {
    if renames.is_empty() {
        return ty.to_string();
    }
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(renames.get(word.as_str()).map_or(word.as_str(), String::as_str));
        word.clear();
    };
    for c in ty.chars() {
        // `constants::Name` is one word here, as the renames spell it.
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

struct TypeDiff<'a> {
    old: &'a Surface,
    new: &'a Surface,
    renames: &'a BTreeMap<String, String>,
    removed_features: &'a BTreeSet<&'a str>,
}

impl TypeDiff<'_> {
    fn same_type(&self, old: &str, new: &str) -> bool {
        renamed(old, self.renames) == new
    }

    fn compare(&self, o: &TypeSurface, n: &TypeSurface, out: &mut Vec<Change>) {
        let area = n.module.as_str();
        let name = n.name.as_str();
        let mut push = |subject: &str, kind, impact, detail: String| out.push(change(area, subject, kind, impact, detail));
        if o.name != n.name {
            push(name, ChangeKind::TypeRenamed, Impact::Breaking, format!("`{}` renamed `{}`", o.name, n.name));
        }
        if o.module != n.module {
            push(
                name,
                ChangeKind::TypeMoved,
                Impact::Breaking,
                if o.name == n.name {
                    format!("moved from `{}` to `{}` (the root re-export `openai_types::{name}` stays)", qualified(o), qualified(n))
                } else {
                    format!("moved from `{}` to `{}`", qualified(o), qualified(n))
                },
            );
        }
        let (old_features, new_features) = (self.old.compiled_by(o), self.new.compiled_by(n));
        let lost: Vec<&str> =
            old_features.difference(&new_features).filter(|f| !self.removed_features.contains(*f)).copied().collect();
        let gained: Vec<&str> = new_features.difference(&old_features).copied().collect();
        if !lost.is_empty() {
            push(name, ChangeKind::FeaturesChanged, Impact::Breaking, format!("no longer compiled by {}", list(&lost)));
        } else if !gained.is_empty() {
            push(name, ChangeKind::FeaturesChanged, Impact::Additive, format!("also compiled by {}", list(&gained)));
        }
        match (o.deprecated, n.deprecated) {
            (false, true) => push(name, ChangeKind::Deprecated, Impact::Additive, "now `#[deprecated]`".into()),
            (true, false) => push(name, ChangeKind::Undeprecated, Impact::None, "no longer `#[deprecated]`".into()),
            _ => {}
        }
        if o.docs != n.docs || members_docs_changed(&o.shape, &n.shape) {
            push(name, ChangeKind::DocsChanged, Impact::None, "documentation changed".into());
        }
        match (&o.shape, &n.shape) {
            (Shape::Struct { fields: of, default: od }, Shape::Struct { fields: nf, default: nd }) => {
                if od != nd {
                    let (impact, detail) =
                        if *nd { (Impact::Additive, "now implements `Default`") } else { (Impact::Breaking, "no longer implements `Default`") };
                    push(name, ChangeKind::DefaultChanged, impact, detail.into());
                }
                self.fields(name, of, nf, &mut push);
            }
            (Shape::Enum { values: ov }, Shape::Enum { values: nv }) => {
                let old_values: BTreeMap<&str, &str> = ov.iter().map(|(v, r)| (v.as_str(), r.as_str())).collect();
                let new_values: BTreeMap<&str, &str> = nv.iter().map(|(v, r)| (v.as_str(), r.as_str())).collect();
                for (value, rust) in &old_values {
                    let subject = format!("{name}::{rust}");
                    match new_values.get(value) {
                        None => push(&subject, ChangeKind::EnumValueRemoved, Impact::Breaking, format!("value `{value}` removed (now reads as `Other`)")),
                        Some(new_rust) if new_rust != rust => push(
                            &subject,
                            ChangeKind::EnumValueRenamed,
                            Impact::Breaking,
                            format!("value `{value}`: variant `{rust}` renamed `{new_rust}`"),
                        ),
                        _ => {}
                    }
                }
                for (value, rust) in new_values.iter().filter(|(v, _)| !old_values.contains_key(*v)) {
                    push(&format!("{name}::{rust}"), ChangeKind::EnumValueAdded, Impact::Breaking, format!("new value `{value}` (read as `Other` before)"));
                }
            }
            (Shape::Tagged { property: op, variants: ov }, Shape::Tagged { property: np, variants: nv }) => {
                if op != np {
                    push(name, ChangeKind::TagPropertyChanged, Impact::Breaking, format!("tagged by `{np}`, was `{op}`"));
                }
                self.variants(name, ov, nv, true, &mut push);
            }
            (Shape::Untagged { variants: ov }, Shape::Untagged { variants: nv }) => self.variants(name, ov, nv, false, &mut push),
            (Shape::Constant { value: ov }, Shape::Constant { value: nv }) if ov != nv => {
                push(name, ChangeKind::ConstantChanged, Impact::Breaking, format!("value `{ov}` -> `{nv}`"));
            }
            (Shape::Alias { ty: ot }, Shape::Alias { ty: nt }) if !self.same_type(ot, nt) => {
                push(name, ChangeKind::AliasChanged, Impact::Breaking, format!("`{ot}` -> `{nt}`"));
            }
            (os, ns) if std::mem::discriminant(os) != std::mem::discriminant(ns) => {
                push(name, ChangeKind::KindChanged, Impact::Breaking, format!("was {}, now {}", kind_word(os), kind_word(ns)));
            }
            _ => {}
        }
    }

    fn fields(&self, name: &str, old: &[FieldSurface], new: &[FieldSurface], push: &mut impl FnMut(&str, ChangeKind, Impact, String)) {
        for o in old {
            let subject = format!("{name}.{}", o.rust);
            let Some(n) = new.iter().find(|n| n.json == o.json) else {
                push(&subject, ChangeKind::FieldRemoved, Impact::Breaking, format!("`{}: {}` removed", o.rust, o.declared()));
                continue;
            };
            let subject = format!("{name}.{}", n.rust);
            if o.rust != n.rust {
                push(&subject, ChangeKind::FieldRenamed, Impact::Breaking, format!("property `{}`: field `{}` renamed `{}`", o.json, o.rust, n.rust));
            }
            // One change after the other: the value type under the old
            // wrapper, then the wrapper (`T`, `Option<T>`, `Nullable<T>`).
            let retyped = declared(&n.ty, o.required, o.nullable);
            if !self.same_type(&o.ty, &n.ty) {
                push(&subject, ChangeKind::FieldTypeChanged, Impact::Breaking, format!("`{}` -> `{retyped}`", o.declared()));
            }
            if o.required != n.required || o.nullable != n.nullable {
                let required = (o.required != n.required).then_some(if n.required { "now required" } else { "now optional" });
                let nullable = (o.nullable != n.nullable).then_some(if n.nullable { "nullable" } else { "not nullable" });
                let words = match (required, nullable) {
                    (Some(r), Some(n)) => format!("{r} and {n}"),
                    (Some(r), None) => r.to_string(),
                    (None, Some(n)) => format!("now {n}"),
                    (None, None) => String::new(),
                };
                let kind = if required.is_some() { ChangeKind::FieldRequiredChanged } else { ChangeKind::FieldNullableChanged };
                let after = n.declared();
                if retyped == after {
                    push(&subject, kind, Impact::Additive, format!("{words}; still `{after}` (only the wire form of `None` changes)"));
                } else {
                    push(&subject, kind, Impact::Breaking, format!("{words}: `{retyped}` -> `{after}`"));
                }
            }
            match (o.deprecated, n.deprecated) {
                (false, true) => push(&subject, ChangeKind::FieldDeprecated, Impact::Additive, "now `#[deprecated]`".into()),
                (true, false) => push(&subject, ChangeKind::FieldUndeprecated, Impact::None, "no longer `#[deprecated]`".into()),
                _ => {}
            }
        }
        for n in new.iter().filter(|n| !old.iter().any(|o| o.json == n.json)) {
            let subject = format!("{name}.{}", n.rust);
            if n.required {
                push(&subject, ChangeKind::RequiredFieldAdded, Impact::Breaking, format!("new required field `{}: {}`", n.rust, n.declared()));
            } else {
                push(&subject, ChangeKind::FieldAdded, Impact::Breaking, format!("new field `{}: {}`", n.rust, n.declared()));
            }
        }
    }

    /// Variants are matched by name, then (renamed) by tags or payload type.
    fn variants(
        &self,
        name: &str,
        old: &[VariantSurface],
        new: &[VariantSurface],
        tagged: bool,
        push: &mut impl FnMut(&str, ChangeKind, Impact, String),
    ) {
        let mut pairs: Vec<(&VariantSurface, &VariantSurface)> = Vec::new();
        let mut old_left: Vec<&VariantSurface> = Vec::new();
        let mut new_left: Vec<&VariantSurface> = new.iter().filter(|n| !old.iter().any(|o| o.name == n.name)).collect();
        for o in old {
            match new.iter().find(|n| n.name == o.name) {
                Some(n) => pairs.push((o, n)),
                None => old_left.push(o),
            }
        }
        for o in old_left {
            let same = |n: &&VariantSurface| if tagged { n.tags == o.tags } else { self.same_type(&o.ty, &n.ty) };
            match new_left.iter().position(same) {
                Some(i) => {
                    let n = new_left.remove(i);
                    push(&format!("{name}::{}", n.name), ChangeKind::VariantRenamed, Impact::Breaking, format!("variant `{}` renamed `{}`", o.name, n.name));
                    pairs.push((o, n));
                }
                None => push(&format!("{name}::{}", o.name), ChangeKind::VariantRemoved, Impact::Breaking, format!("variant `{}({})` removed", o.name, o.ty)),
            }
        }
        for n in new_left {
            let detail = if tagged {
                format!("new variant `{}({})` for tag {} (read as `Unknown` before)", n.name, n.ty, quoted(&n.tags))
            } else {
                format!("new variant `{}({})`", n.name, n.ty)
            };
            push(&format!("{name}::{}", n.name), ChangeKind::VariantAdded, Impact::Breaking, detail);
        }
        for (o, n) in &pairs {
            let subject = format!("{name}::{}", n.name);
            if !self.same_type(&o.ty, &n.ty) {
                push(&subject, ChangeKind::VariantTypeChanged, Impact::Breaking, format!("`{}` -> `{}`", o.ty, n.ty));
            }
            let lost: Vec<String> = o.tags.iter().filter(|t| !n.tags.contains(t)).cloned().collect();
            let gained: Vec<String> = n.tags.iter().filter(|t| !o.tags.contains(t)).cloned().collect();
            if !lost.is_empty() {
                push(&subject, ChangeKind::VariantTagsChanged, Impact::Breaking, format!("no longer reads tag {}", quoted(&lost)));
            } else if !gained.is_empty() {
                push(&subject, ChangeKind::VariantTagsChanged, Impact::Additive, format!("also reads tag {}", quoted(&gained)));
            }
        }
        if !tagged {
            // Untagged variants are tried in order: the order is behaviour.
            let old_order: Vec<&str> =
                old.iter().filter_map(|o| pairs.iter().find(|(po, _)| po.name == o.name).map(|(_, n)| n.name.as_str())).collect();
            let new_order: Vec<&str> = new.iter().map(|n| n.name.as_str()).filter(|n| old_order.contains(n)).collect();
            if old_order != new_order {
                push(name, ChangeKind::VariantsReordered, Impact::Additive, format!("tried in the order {}", new_order.join(", ")));
            }
        }
    }
}

/// Whether a member on both sides has other docs (members added or
/// removed are reported as such, not as documentation).
fn members_docs_changed(old: &Shape, new: &Shape) -> bool {
    let docs = |shape: &Shape| -> BTreeMap<String, String> {
        match shape {
            Shape::Struct { fields, .. } => fields.iter().map(|f| (f.json.clone(), f.docs.clone())).collect(),
            Shape::Tagged { variants, .. } | Shape::Untagged { variants } => {
                variants.iter().map(|v| (v.name.clone(), v.docs.clone())).collect()
            }
            _ => BTreeMap::new(),
        }
    };
    let (old, new) = (docs(old), docs(new));
    old.iter().any(|(member, docs)| new.get(member).is_some_and(|d| d != docs))
}

fn list(features: &[&str]) -> String {
    let quoted: Vec<String> = features.iter().map(|f| format!("`{f}`")).collect();
    let noun = if features.len() == 1 { "feature" } else { "features" };
    format!("{noun} {}", quoted.join(", "))
}

fn quoted(values: &[String]) -> String {
    values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
}

fn operations(old: &Surface, new: &Surface, renames: &BTreeMap<String, String>, out: &mut Vec<Change>) {
    let area = |op: &OperationSurface| crate::name::area_of(&op.path);
    for (id, o) in &old.operations {
        let Some(n) = new.operations.get(id) else {
            out.push(change(&area(o), id, ChangeKind::OperationRemoved, Impact::Breaking, format!("`{} {}` removed", o.method.to_uppercase(), o.path)));
            continue;
        };
        let area = area(n);
        if (o.method.as_str(), o.path.as_str()) != (n.method.as_str(), n.path.as_str()) {
            out.push(change(
                &area,
                id,
                ChangeKind::OperationMoved,
                Impact::Additive,
                format!("`{} {}` -> `{} {}`", o.method.to_uppercase(), o.path, n.method.to_uppercase(), n.path),
            ));
        }
        for (body, ty) in &o.bodies {
            match n.bodies.get(body) {
                None => out.push(change(&area, id, ChangeKind::BodyRemoved, Impact::Breaking, format!("{body} body `{ty}` removed"))),
                Some(new_ty) if renamed(ty, renames) != *new_ty => {
                    out.push(change(&area, id, ChangeKind::BodyTypeChanged, Impact::Breaking, format!("{body}: `{ty}` -> `{new_ty}`")))
                }
                _ => {}
            }
        }
        for (body, ty) in n.bodies.iter().filter(|(b, _)| !o.bodies.contains_key(*b)) {
            let impact = if body.starts_with("request") { Impact::Breaking } else { Impact::Additive };
            out.push(change(&area, id, ChangeKind::BodyAdded, impact, format!("new {body} body `{ty}`")));
        }
        parameters(&area, id, o, n, renames, out);
        if let (Some(old_method), Some(new_method)) = (&o.client, &n.client) {
            if old_method != new_method {
                out.push(change(&area, id, ChangeKind::ClientMethodRenamed, Impact::Breaking, format!("`{old_method}` -> `{new_method}`")));
            }
        }
    }
    for (id, n) in new.operations.iter().filter(|(id, _)| !old.operations.contains_key(*id)) {
        out.push(change(&area(n), id, ChangeKind::OperationAdded, Impact::Additive, format!("new `{} {}`", n.method.to_uppercase(), n.path)));
    }
}

/// Parameters as the client's methods take them: a required one is an
/// argument (adding, removing or changing it breaks calls), an optional one
/// a setter (adding it is additive).
fn parameters(area: &str, id: &str, o: &OperationSurface, n: &OperationSurface, renames: &BTreeMap<String, String>, out: &mut Vec<Change>) {
    for (name, ty) in &o.parameters {
        match n.parameters.get(name) {
            None => out.push(change(area, id, ChangeKind::ParameterRemoved, Impact::Breaking, format!("{name} `{ty}` removed"))),
            Some(new_ty) if renamed(ty, renames) != *new_ty => {
                out.push(change(area, id, ChangeKind::ParameterChanged, Impact::Breaking, format!("{name}: `{ty}` -> `{new_ty}`")))
            }
            _ => {}
        }
    }
    for (name, ty) in n.parameters.iter().filter(|(p, _)| !o.parameters.contains_key(*p)) {
        let (kind, impact) = if ty.ends_with("(required)") {
            (ChangeKind::RequiredParameterAdded, Impact::Breaking)
        } else {
            (ChangeKind::ParameterAdded, Impact::Additive)
        };
        out.push(change(area, id, kind, impact, format!("new {name} `{ty}`")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renamed_respells_whole_type_names_only() {
        let renames: BTreeMap<String, String> =
            [("Usage".to_string(), "UsageObject".to_string()), ("constants::List".to_string(), "constants::Page".to_string())].into();
        assert_eq!(renamed("Option<Vec<Usage>>", &renames), "Option<Vec<UsageObject>>");
        assert_eq!(renamed("BTreeMap<String, UsageDetails>", &renames), "BTreeMap<String, UsageDetails>");
        assert_eq!(renamed("constants::List", &renames), "constants::Page");
        assert_eq!(renamed("List", &renames), "List");
    }
}
