// Public API of Quire's GraphQL validation (`quire/graphql` re-exports it): validate() with the
// spec's rules, validateSDL() for type-system documents, the rule and context types. Exports only.

export { validate, validateDocument } from './validate.ts';
export { validateSDL } from './validateSDL.ts';
export { specifiedRules, recommendedRules } from './specifiedRules.ts';
export { ValidationContext, GRAPHQL_VALIDATION_FAILED, type ValidationOptions, type VariableUsage } from './context.ts';
export type { ValidationRule, RuleVisitor } from './rule.ts';
export {
  ExecutableDefinitionsRule, KnownOperationTypesRule, UniqueOperationNamesRule, LoneAnonymousOperationRule,
  SingleFieldSubscriptionsRule, UniqueFragmentNamesRule, KnownFragmentNamesRule, NoUnusedFragmentsRule, NoFragmentCyclesRule,
  MaxIntrospectionDepthRule,
} from './rules/documentRules.ts';
export {
  KnownTypeNamesRule, FragmentsOnCompositeTypesRule, VariablesAreInputTypesRule, ScalarLeafsRule, FieldsOnCorrectTypeRule,
  PossibleFragmentSpreadsRule,
} from './rules/typeRules.ts';
export { UniqueVariableNamesRule, NoUndefinedVariablesRule, NoUnusedVariablesRule, VariablesInAllowedPositionRule } from './rules/variableRules.ts';
export { KnownDirectivesRule, UniqueDirectivesPerLocationRule } from './rules/directiveRules.ts';
export {
  KnownArgumentNamesRule, UniqueArgumentNamesRule, ValuesOfCorrectTypeRule, ProvidedRequiredArgumentsRule, UniqueInputFieldNamesRule,
} from './rules/argumentRules.ts';
export { OverlappingFieldsCanBeMergedRule } from './rules/overlappingFields.ts';
export {
  DeferStreamDirectiveLabelRule, DeferStreamDirectiveOnRootFieldRule, DeferStreamDirectiveOnValidOperationsRule,
  StreamDirectiveOnListFieldRule,
} from './rules/deferStreamRules.ts';
