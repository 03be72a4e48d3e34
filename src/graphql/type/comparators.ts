// Type relations: isEqualType, isTypeSubTypeOf (covariance for fields, variable positions) and
// doTypesOverlap (fragment spreads). Pure functions over the type system; they never build or change types.

import {
  isAbstractType, isInterfaceType, isListType, isNonNullType, isObjectType,
  type GraphQLCompositeType, type GraphQLType,
} from './definition.ts';
import type { GraphQLSchema } from './schema.ts';

export function isEqualType(typeA: GraphQLType, typeB: GraphQLType): boolean {
  if (typeA === typeB) return true;
  if (isNonNullType(typeA) && isNonNullType(typeB)) return isEqualType(typeA.ofType, typeB.ofType);
  if (isListType(typeA) && isListType(typeB)) return isEqualType(typeA.ofType, typeB.ofType);
  return false;
}

/** Whether a value of `maybeSubType` is always a valid `superType` (non-null and list covariance, abstract membership). */
export function isTypeSubTypeOf(schema: GraphQLSchema, maybeSubType: GraphQLType, superType: GraphQLType): boolean {
  if (maybeSubType === superType) return true;
  if (isNonNullType(superType)) {
    return isNonNullType(maybeSubType) ? isTypeSubTypeOf(schema, maybeSubType.ofType, superType.ofType) : false;
  }
  if (isNonNullType(maybeSubType)) return isTypeSubTypeOf(schema, maybeSubType.ofType, superType);
  if (isListType(superType)) return isListType(maybeSubType) ? isTypeSubTypeOf(schema, maybeSubType.ofType, superType.ofType) : false;
  if (isListType(maybeSubType)) return false;
  return isAbstractType(superType) && (isInterfaceType(maybeSubType) || isObjectType(maybeSubType)) && schema.isSubType(superType, maybeSubType);
}

/** Whether some object type could be both `typeA` and `typeB`. */
export function doTypesOverlap(schema: GraphQLSchema, typeA: GraphQLCompositeType, typeB: GraphQLCompositeType): boolean {
  if (typeA === typeB) return true;
  if (isAbstractType(typeA)) {
    if (isAbstractType(typeB)) return schema.getPossibleTypes(typeA).some((t) => schema.isSubType(typeB, t));
    return schema.isSubType(typeA, typeB);
  }
  if (isAbstractType(typeB)) return schema.isSubType(typeB, typeA);
  return false;
}
