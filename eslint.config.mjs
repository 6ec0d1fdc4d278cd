// Lint: typescript-eslint with type information, so floating promises are caught, for TypeScript and
// for the JavaScript of scripts/, tools/ and bin/ (type-checked through tsconfig.json's checkJs).
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", ".tools/**", "policy/node_modules/**", "**/*.mjs"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.js"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  { files: ["**/*.js"], languageOptions: { sourceType: "commonjs" } },
  // Test fixtures and the mocha reporter run outside the TypeScript project: lint them without types.
  { files: ["test/**/*.js"], ...tseslint.configs.disableTypeChecked },
  // The web console's browser module (ES module, DOM globals) is outside the Node TypeScript project.
  {
    files: ["server/console/static/**/*.js"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { sourceType: "module", parserOptions: { projectService: false, project: null } },
  },
);
