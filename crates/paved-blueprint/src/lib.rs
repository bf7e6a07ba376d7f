//! The typed blueprint model of Paved.
//!
//! This crate holds data and rules only (no I/O, no HCL): the validated newtypes and closed sets
//! blueprint inputs are built from, the [`Blueprint`] trait and [`Definition`], and the
//! interface ([`Field`], [`TypeNode`], [`Constraint`]) derived from an inputs type's JSON Schema.
//!
//! Module map:
//! - `constrained`: the validated string newtype macro [`constrained_string!`] and [`ValueError`];
//! - `closed_set`: the closed-set enum macro [`closed_set!`] and [`UnknownVariant`];
//! - `open_name`: the rule of the names catalogs choose for value kinds and governed settings;
//! - `names`: names and ARNs ([`ResourceName`], [`FunctionName`], [`KmsKeyArn`], …);
//! - `json_text`: [`JsonObjectText`], JSON object text in a string input (event patterns, filter policies);
//! - `aws`: AWS closed sets ([`Runtime`], [`Architecture`], [`LogLevel`], …);
//! - `governed`: [`Governed`], the (open) settings organisation policies constrain, as inputs declare them;
//! - `kind`: [`ValueKind`] (open), its compile-time markers ([`kinds`], [`value_kind!`]) and their unions ([`KindSet`], [`Accepts`], [`kind_union!`]), what outputs are and wired inputs accept;
//! - `wire`: [`Wire`], [`Ref`], [`Text`] and the [`outputs!`] macro: values or references to outputs;
//! - `output`: map and list outputs ([`OutputShape`], [`KeySource`], [`MapOf`], [`MapRef`], …);
//! - `target`: [`ReferenceTarget`], what a reference's text points at, keyed or not;
//! - `interface`: reading a JSON Schema into [`Field`]s;
//! - `path`: [`InputPath`], where a value sits (`targets["orders"].function.memory_size`);
//! - `traverse`: [`walk`], the one descent of a value along its interface (objects, list items, map values);
//! - `suggest`: [`closest`], the "did you mean" of every error about a name;
//! - `rule`: [`Rule`], rules across the inputs of one object (stated once, checked in Rust and by Terraform);
//! - `validate`: checking values against fields ([`InputErrors`]);
//! - `provider`: [`AliasedProvider`] and [`ProviderAlias`], the aliased provider configurations a module needs from its caller;
//! - `blueprint`: [`Blueprint`], [`Definition`], [`Output`].

mod aws;
mod blueprint;
mod closed_set;
mod constrained;
mod governed;
mod interface;
mod json_text;
mod kind;
mod names;
mod open_name;
mod output;
mod path;
mod provider;
mod rule;
mod suggest;
mod target;
mod traverse;
mod validate;
mod wire;

pub use aws::{
    Architecture, AuthorizationType, Lifecycle, LogLevel, LogRetentionDays, Runtime, StreamStartingPosition,
    StreamViewType, TracingMode,
};
pub use blueprint::{
    Blueprint, Definition, DefinitionError, InputCheck, Output, Parts, output_present, with_defaults, without_defaults,
};
pub use closed_set::UnknownVariant;
pub use constrained::ValueError;
pub use governed::{Governed, RuleId, Severity};
pub use interface::{Constraint, Field, JSON_OBJECT_KEY, SchemaError, Shape, TOTAL_BYTES_KEY, TypeNode, display_value};
pub use json_text::JsonObjectText;
pub use kind::{Accepts, Kind, KindSet, ValueKind, kinds};
pub use names::{
    AccountId, AttributeName, AwsRegion, BlueprintName, BucketArn, BucketName, DeadLetterTargetArn, EntityName,
    EnvironmentName, EnvironmentVariableName, EnvironmentVariables, EventRuleArn, EventTargetArn, ExistingFunctionName,
    FunctionArn, FunctionName, Handler, InstanceName, KmsKeyArn, MetricsNamespace, OneLine, PackagePath, QueueArn,
    RegistryNamespace, ResourceName, RoleName, RouteKey, ScheduleExpression, ServiceName, ServiceTypeName,
    StateMachineArn, TableStreamArn, TagKey, TimeZone, TopicArn,
};
pub use output::{KeySource, ListOf, ListRef, MapOf, MapRef, OutputShape, OutputType, WireMap};
pub use path::{InputPath, PathSegment};
pub use provider::{AliasedProvider, ProviderAlias};
pub use rule::{Comparison, Conditional, Operand, Operator, RULES_KEY, Rule, input};
pub use suggest::closest;
pub use target::{REFERENCE_PATTERN, ReferenceTarget, ReferenceTargetError};
pub use traverse::{Absent, Visit, field_at, node_at, value_at, walk};
pub use validate::{InputError, InputErrors, reference_target, validate, validate_with_rules};
pub use wire::{KIND_KEY, REFERENCE_KEY, Ref, Text, Wirable, Wire, reference_schema};

/// What the exported macros expand to; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use regex;
    pub use schemars;
    pub use serde;
    pub use serde_json;

    pub use crate::wire::kinds_schema_value;
}
