// Checks manifests against kubernetes-models' TypeScript declarations, which name every field of
// every Kubernetes object. Its JSON-schema validators accept keys they do not know (a misspelt
// `parallelizm` passes, and the server would drop it silently); TypeScript's excess-property
// check on an object literal refuses any key its interface lacks, at every depth.
import { join } from "node:path";
import ts from "typescript";

/** The declared type of each kind these manifests use, and the module that exports it. */
const TYPES: Record<string, { module: string; type: string }> = {
  Job: { module: "kubernetes-models/batch/v1", type: "IJob" },
  PersistentVolumeClaim: { module: "kubernetes-models/v1", type: "IPersistentVolumeClaim" },
  ConfigMap: { module: "kubernetes-models/v1", type: "IConfigMap" },
};

/**
 * Type-checks each manifest (by name) as a literal of its kind's interface, all in one program;
 * returns the problems of each, "line L: message" with L a line of JSON.stringify(doc, null, 2).
 */
export function typeProblems(
  repo: string,
  manifests: Record<string, { kind?: unknown }>,
): Record<string, string[]> {
  const files = new Map<string, { name: string; text: string }>();
  for (const [name, doc] of Object.entries(manifests)) {
    const declared = TYPES[String(doc.kind)];
    const file = join(repo, "test/deploy", `.manifest-${files.size}.ts`);
    const text = declared
      ? `import type { ${declared.type} } from "${declared.module}";\nexport const manifest: ${declared.type} = ${JSON.stringify(doc, null, 2)};\n`
      : `export const unknownKind: never = ${JSON.stringify(String(doc.kind))};\n`;
    files.set(file, { name, text });
  }
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const own = files.get(fileName);
    return own
      ? ts.createSourceFile(fileName, own.text, languageVersion, true)
      : getSourceFile(fileName, languageVersion, ...rest);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => files.has(fileName) || fileExists(fileName);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => files.get(fileName)?.text ?? readFile(fileName);

  const program = ts.createProgram([...files.keys()], options, host);
  const problems: Record<string, string[]> = {};
  for (const [file, { name }] of files) {
    const source = program.getSourceFile(file);
    problems[name] = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ].map((d) => {
      // Line 1 of the generated file is the import; the JSON starts on line 2.
      const line =
        d.file && d.start !== undefined
          ? d.file.getLineAndCharacterOfPosition(d.start).line
          : undefined;
      const text = ts.flattenDiagnosticMessageText(d.messageText, " ");
      return line === undefined ? text : `line ${line}: ${text}`;
    });
  }
  return problems;
}
