import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Rules for a later block replace the earlier ones, so each block repeats the "nothing imports tests/" pattern.
const noTests = { group: ["**/tests/**"], message: "Nothing imports tests/." };

export default tseslint.config(
  { ignores: ["build/", "public/build/", "node_modules/", ".cache/", "test-results/", "playwright-report/", ".data/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-empty-object-type": "off",
      "no-restricted-imports": [
        "error",
        { patterns: [noTests] },
      ],
    },
  },
  {
    // Domain code never imports Remix; migrations import nothing from the app.
    files: ["server/**/*.ts", "db/**/*.ts"],
    ignores: ["server/http/**", "server/start.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            noTests,
            { group: ["@remix-run/*", "**/app/*", "~/*"], message: "Domain and database code never import Remix or app/." },
          ],
        },
      ],
    },
  },
  {
    files: ["db/migrations/**/*.ts"],
    ignores: ["db/migrations/index.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["../*", "./*"], message: "Migrations are frozen in time: import only kysely." }] },
      ],
    },
  },
);
