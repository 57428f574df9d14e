import { Badge } from "~/components/ui/card";

export interface SkillWithLevel {
  skillId: string;
  code: string;
  name: string;
  kind: "skill" | "language";
  level: number;
}

/** An agent's skills (grey) and languages (indigo), each with its level out of 5. */
export function AgentSkillBadges({ skills }: { skills: SkillWithLevel[] }) {
  if (skills.length === 0) return <span className="text-slate-500">None</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Skills">
      {skills.map((s) => (
        <li key={s.skillId}>
          <Badge tone={s.kind === "language" ? "indigo" : "slate"}>
            {s.name}
            <span aria-hidden="true" className="ml-1 font-semibold">
              {s.level}
            </span>
            <span className="sr-only">, level {s.level} of 5</span>
          </Badge>
        </li>
      ))}
    </ul>
  );
}
