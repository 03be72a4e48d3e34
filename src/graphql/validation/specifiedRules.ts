// The list of rules validate() runs by default: graphql-js 17's `specifiedRules`, same order.
// Declares the list only.

import { ExecutableDefinitionsRule, KnownOperationTypesRule, UniqueOperationNamesRule, LoneAnonymousOperationRule,
  SingleFieldSubscriptionsRule, UniqueFragmentNamesRule, KnownFragmentNamesRule, NoUnusedFragmentsRule, NoFragmentCyclesRule,
  MaxIntrospectionDepthRule } from './rules/documentRules.ts';
import { KnownTypeNamesRule, FragmentsOnCompositeTypesRule, VariablesAreInputTypesRule, ScalarLeafsRule, FieldsOnCorrectTypeRule,
  PossibleFragmentSpreadsRule } from './rules/typeRules.ts';
import { UniqueVariableNamesRule, NoUndefinedVariablesRule, NoUnusedVariablesRule, VariablesInAllowedPositionRule } from './rules/variableRules.ts';
import { KnownDirectivesRule, UniqueDirectivesPerLocationRule } from './rules/directiveRules.ts';
import { KnownArgumentNamesRule, UniqueArgumentNamesRule, ValuesOfCorrectTypeRule, ProvidedRequiredArgumentsRule,
  UniqueInputFieldNamesRule } from './rules/argumentRules.ts';
import { OverlappingFieldsCanBeMergedRule } from './rules/overlappingFields.ts';
import { DeferStreamDirectiveLabelRule, DeferStreamDirectiveOnRootFieldRule, DeferStreamDirectiveOnValidOperationsRule,
  StreamDirectiveOnListFieldRule } from './rules/deferStreamRules.ts';
import type { ValidationRule } from './rule.ts';

/** Rules graphql-js recommends beyond the spec (guards against hostile introspection queries). */
export const recommendedRules: readonly ValidationRule[] = [MaxIntrospectionDepthRule];

export const specifiedRules: readonly ValidationRule[] = [
  ExecutableDefinitionsRule,
  KnownOperationTypesRule,
  UniqueOperationNamesRule,
  LoneAnonymousOperationRule,
  SingleFieldSubscriptionsRule,
  KnownTypeNamesRule,
  FragmentsOnCompositeTypesRule,
  VariablesAreInputTypesRule,
  ScalarLeafsRule,
  FieldsOnCorrectTypeRule,
  UniqueFragmentNamesRule,
  KnownFragmentNamesRule,
  NoUnusedFragmentsRule,
  PossibleFragmentSpreadsRule,
  NoFragmentCyclesRule,
  UniqueVariableNamesRule,
  NoUndefinedVariablesRule,
  NoUnusedVariablesRule,
  KnownDirectivesRule,
  UniqueDirectivesPerLocationRule,
  DeferStreamDirectiveOnRootFieldRule,
  DeferStreamDirectiveOnValidOperationsRule,
  DeferStreamDirectiveLabelRule,
  StreamDirectiveOnListFieldRule,
  KnownArgumentNamesRule,
  UniqueArgumentNamesRule,
  ValuesOfCorrectTypeRule,
  ProvidedRequiredArgumentsRule,
  VariablesInAllowedPositionRule,
  OverlappingFieldsCanBeMergedRule,
  UniqueInputFieldNamesRule,
  ...recommendedRules,
];
