// getOperationAST: which operation of a document a request runs, by the spec's GetOperation rule.
// Pure AST lookup; it never parses, validates or reports errors (undefined means "none or ambiguous").
import type { DocumentNode, OperationDefinitionNode } from './ast.ts';

/**
 * The operation named `operationName`, or the document's only operation when no name is given;
 * undefined when there is no such operation or the choice is ambiguous.
 */
export function getOperationAST(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  let found: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind !== 'OperationDefinition') continue;
    if (operationName == null) {
      if (found) return undefined;
      found = definition;
    } else if (definition.name?.value === operationName) {
      return definition;
    }
  }
  return found;
}
