import { create } from 'xmlbuilder2';

/**
 * Label configs are built as element trees and serialised by xmlbuilder2, so label names with
 * `&`, `<` or quotes come out escaped rather than breaking the XML.
 */
export interface XmlElement {
  readonly tag: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly children?: readonly XmlElement[];
}

export function renderLabelConfig(root: XmlElement): string {
  const doc = create();
  append(doc, root);
  return doc.end({ prettyPrint: true, headless: true });
}

type Node = ReturnType<typeof create>;

function append(parent: Node, element: XmlElement): void {
  const node = parent.ele(element.tag, { ...(element.attributes ?? {}) });
  for (const child of element.children ?? []) append(node, child);
}

/** `<Label value="..."/>` children for a list of label names. */
export function labelElements(tag: string, names: readonly string[]): XmlElement[] {
  return names.map((value) => ({ tag, attributes: { value } }));
}
