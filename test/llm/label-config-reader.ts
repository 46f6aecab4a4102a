import { create } from 'xmlbuilder2';

/** Parses a label config with a real XML parser: the attributes of each element named `tag`. */
export function elementsOf(xml: string, tag: string): Array<Record<string, string>> {
  const root = create(xml).root().node as unknown as {
    getElementsByTagName(name: string): Iterable<DomElement>;
  };
  return [...root.getElementsByTagName(tag)].map((element) =>
    Object.fromEntries(
      [...element.attributes].map((attribute) => [attribute.name, attribute.value]),
    ),
  );
}

interface DomElement {
  readonly attributes: Iterable<{ readonly name: string; readonly value: string }>;
}
