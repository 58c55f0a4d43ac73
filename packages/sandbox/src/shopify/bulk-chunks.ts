import {
  type DocumentNode,
  type FieldNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';

/** Root objects read per chunk: Shopify's page cap, so chunks go through the normal connection code. */
export const BULK_CHUNK_SIZE = 250;

function isConnectionField(selection: SelectionNode): selection is FieldNode {
  return (
    selection.kind === Kind.FIELD &&
    (selection.selectionSet?.selections.some(
      (child) => child.kind === Kind.FIELD && (child.name.value === 'edges' || child.name.value === 'nodes'),
    ) ??
      false)
  );
}

/** The response key of the single root connection a bulk query reads, or undefined if it has another shape. */
export function rootConnectionKey(document: DocumentNode): string | undefined {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const roots = operation?.selectionSet.selections ?? [];
  const [root] = roots;
  if (roots.length !== 1 || !root || !isConnectionField(root)) return undefined;
  return root.alias?.value ?? root.name.value;
}

/**
 * The bulk query with its root connection limited to one chunk after `after`, and `pageInfo` added
 * under a reserved alias, so a long bulk operation can run in slices without blocking the emulator.
 */
export function chunkDocument(document: DocumentNode, after: string | null): DocumentNode {
  return {
    ...document,
    definitions: document.definitions.map((definition) => {
      if (definition.kind !== Kind.OPERATION_DEFINITION) return definition;
      const [root] = definition.selectionSet.selections;
      if (!root || root.kind !== Kind.FIELD || !root.selectionSet) return definition;
      const args = (root.arguments ?? []).filter(
        (argument) => argument.name.value !== 'first' && argument.name.value !== 'after',
      );
      args.push({
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: 'first' },
        value: { kind: Kind.INT, value: String(BULK_CHUNK_SIZE) },
      });
      if (after !== null) {
        args.push({
          kind: Kind.ARGUMENT,
          name: { kind: Kind.NAME, value: 'after' },
          value: { kind: Kind.STRING, value: after },
        });
      }
      const pageInfo: FieldNode = {
        kind: Kind.FIELD,
        alias: { kind: Kind.NAME, value: CHUNK_PAGE_INFO },
        name: { kind: Kind.NAME, value: 'pageInfo' },
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: ['hasNextPage', 'endCursor'].map((name) => ({
            kind: Kind.FIELD,
            name: { kind: Kind.NAME, value: name },
          })),
        },
      };
      const chunkRoot: FieldNode = {
        ...root,
        arguments: args,
        selectionSet: { ...root.selectionSet, selections: [...root.selectionSet.selections, pageInfo] },
      };
      return { ...definition, selectionSet: { ...definition.selectionSet, selections: [chunkRoot] } };
    }),
  };
}

/** Alias of the paging info added to each chunk; removed before the chunk is written out. */
export const CHUNK_PAGE_INFO = '__bulkChunkPageInfo';
