import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';

/** Shopify charges a flat 10 points per mutation field, whatever it selects. */
export const MUTATION_COST = 10;
/** Largest requested cost Shopify accepts for a single query. */
export const MAX_SINGLE_QUERY_COST = 1000;

interface CostContext {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function findOperation(
  document: DocumentNode,
  operationName?: string,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return operations.find((operation) => operation.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

function contextFor(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
): CostContext {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return { schema, fragments, variables };
}

function isConnection(type: GraphQLNamedType): boolean {
  return type.name.endsWith('Connection');
}

function fieldDefinition(
  parent: GraphQLCompositeType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name];
  return undefined;
}

function argumentValue(context: CostContext, field: FieldNode, name: string): unknown {
  const argument = field.arguments?.find((candidate) => candidate.name.value === name);
  return argument ? valueFromASTUntyped(argument.value, context.variables) : undefined;
}

function pageSize(context: CostContext, field: FieldNode): number {
  for (const name of ['first', 'last']) {
    const value = argumentValue(context, field, name);
    if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, value);
  }
  // Without first/last the query is rejected at execution; count a single page entry meanwhile.
  return 1;
}

/** Visits fields of a selection set, flattening fragments, with the type each applies to. */
function* fieldsOf(
  context: CostContext,
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode | undefined,
): Generator<{ field: FieldNode; parent: GraphQLCompositeType }> {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      yield { field: selection, parent };
      continue;
    }
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT ? selection : context.fragments.get(selection.name.value);
    if (!fragment) continue;
    const conditionName = fragment.typeCondition?.name.value;
    const conditionType = conditionName ? context.schema.getType(conditionName) : parent;
    if (conditionType && isCompositeType(conditionType)) {
      yield* fieldsOf(context, conditionType, fragment.selectionSet);
    }
  }
}

/** Requested cost of one node inside a connection: `edges { node }` and `nodes` are free wrappers. */
function connectionChildCost(
  context: CostContext,
  connection: GraphQLCompositeType,
  field: FieldNode,
): number {
  let cost = 0;
  for (const { field: child, parent } of fieldsOf(context, connection, field.selectionSet)) {
    const definition = fieldDefinition(parent, child.name.value);
    if (!definition) continue;
    const childType = getNamedType(definition.type);
    if (child.name.value === 'nodes' && isCompositeType(childType)) {
      cost += 1 + selectionCost(context, childType, child.selectionSet);
    } else if (child.name.value === 'edges' && isCompositeType(childType)) {
      for (const { field: edgeField, parent: edgeParent } of fieldsOf(
        context,
        childType,
        child.selectionSet,
      )) {
        const edgeDefinition = fieldDefinition(edgeParent, edgeField.name.value);
        const nodeType = edgeDefinition ? getNamedType(edgeDefinition.type) : undefined;
        if (edgeField.name.value === 'node' && nodeType && isCompositeType(nodeType)) {
          cost += 1 + selectionCost(context, nodeType, edgeField.selectionSet);
        }
      }
    }
  }
  return cost;
}

function selectionCost(
  context: CostContext,
  parentType: GraphQLCompositeType,
  selectionSet: SelectionSetNode | undefined,
): number {
  let cost = 0;
  for (const { field, parent } of fieldsOf(context, parentType, selectionSet)) {
    const definition = fieldDefinition(parent, field.name.value);
    if (!definition) continue;
    const type = getNamedType(definition.type);
    if (isLeafType(type) || !isCompositeType(type)) continue;
    if (isConnection(type)) {
      cost += 2 + pageSize(context, field) * connectionChildCost(context, type, field);
    } else {
      cost += 1 + selectionCost(context, type, field.selectionSet);
    }
  }
  return cost;
}

/**
 * The cost Shopify reserves before running a query, from the document alone: objects cost 1,
 * scalars and enums 0, a connection 2 plus `first`/`last` times the cost of one of its nodes,
 * and each mutation field a flat {@link MUTATION_COST}.
 */
export function requestedQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): number {
  const context = contextFor(schema, document, variables);
  if (operation.operation === 'mutation') {
    const mutationType = schema.getMutationType();
    if (!mutationType) return 0;
    return [...fieldsOf(context, mutationType, operation.selectionSet)].length * MUTATION_COST;
  }
  const queryType = schema.getQueryType();
  return queryType ? selectionCost(context, queryType, operation.selectionSet) : 0;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function actualObjectCost(
  context: CostContext,
  type: GraphQLCompositeType,
  field: FieldNode,
  value: unknown,
): number {
  if (Array.isArray(value)) {
    // Plain lists were reserved as one object; charge the dearest element so actual never exceeds requested.
    return value.reduce<number>(
      (max, item) => Math.max(max, actualObjectCost(context, type, field, item)),
      0,
    );
  }
  const record = asRecord(value);
  return record ? 1 + actualSelectionCost(context, type, field.selectionSet, record) : 0;
}

function actualConnectionCost(
  context: CostContext,
  connection: GraphQLCompositeType,
  field: FieldNode,
  value: Record<string, unknown>,
): number {
  let cost = 2;
  for (const { field: child, parent } of fieldsOf(context, connection, field.selectionSet)) {
    const definition = fieldDefinition(parent, child.name.value);
    const childType = definition ? getNamedType(definition.type) : undefined;
    const items = value[child.alias?.value ?? child.name.value];
    if (!childType || !isCompositeType(childType) || !Array.isArray(items)) continue;
    if (child.name.value === 'nodes') {
      for (const node of items) cost += actualObjectCost(context, childType, child, node);
    } else if (child.name.value === 'edges') {
      for (const edge of items) {
        const edgeRecord = asRecord(edge);
        if (!edgeRecord) continue;
        for (const { field: edgeField, parent: edgeParent } of fieldsOf(
          context,
          childType,
          child.selectionSet,
        )) {
          const edgeDefinition = fieldDefinition(edgeParent, edgeField.name.value);
          const nodeType = edgeDefinition ? getNamedType(edgeDefinition.type) : undefined;
          if (edgeField.name.value !== 'node' || !nodeType || !isCompositeType(nodeType)) continue;
          cost += actualObjectCost(
            context,
            nodeType,
            edgeField,
            edgeRecord[edgeField.alias?.value ?? 'node'],
          );
        }
      }
    }
  }
  return cost;
}

function actualSelectionCost(
  context: CostContext,
  parentType: GraphQLCompositeType,
  selectionSet: SelectionSetNode | undefined,
  value: Record<string, unknown>,
): number {
  let cost = 0;
  for (const { field, parent } of fieldsOf(context, parentType, selectionSet)) {
    const definition = fieldDefinition(parent, field.name.value);
    if (!definition) continue;
    const type = getNamedType(definition.type);
    if (isLeafType(type) || !isCompositeType(type)) continue;
    const fieldValue = value[field.alias?.value ?? field.name.value];
    const record = asRecord(fieldValue);
    if (isConnection(type)) {
      if (record) cost += actualConnectionCost(context, type, field, record);
    } else {
      cost += actualObjectCost(context, type, field, fieldValue);
    }
  }
  return cost;
}

/**
 * The cost actually charged after execution: the same rules as {@link requestedQueryCost}, counted
 * over the objects the response really contains, never more than was requested.
 */
export function actualQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  data: Record<string, unknown> | null | undefined,
  variables: Record<string, unknown> = {},
): number {
  const requested = requestedQueryCost(schema, document, operation, variables);
  if (operation.operation === 'mutation') return requested;
  const queryType = schema.getQueryType();
  if (!data || !queryType) return 0;
  const context = contextFor(schema, document, variables);
  return Math.min(requested, actualSelectionCost(context, queryType, operation.selectionSet, data));
}
