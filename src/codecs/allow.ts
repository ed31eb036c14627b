/** The `Allow` header (RFC 9110 §10.2.1) of a path: the methods its routes answer, HEAD with GET, and OPTIONS. */
export function allowHeader(routes: readonly { readonly method: string }[]): string {
  const methods = new Set<string>();
  for (const route of routes) {
    methods.add(route.method);
    if (route.method === "GET") methods.add("HEAD");
  }
  methods.add("OPTIONS");
  return [...methods].join(", ");
}
