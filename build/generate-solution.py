#!/usr/bin/env python3
"""Writes nanoFramework.sln from the projects in the tree.

Host projects (.csproj) go in a folder named after their top-level directory and build on Linux; device
builds (.nfproj) go in the "nanoFramework" folder with no Build.0 entry, so `dotnet build` leaves them out.
Project GUIDs already in the solution are kept; new ones are derived from the path, so runs are repeatable.
Run from the repository root: python3 build/generate-solution.py
"""
import os
import re
import uuid

CSHARP = "{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}"
NANO = "{11A8DD76-328B-46DF-9F39-F559912D0360}"
FOLDER = "{2150E333-8FDC-42A3-9474-1A3956D46DE8}"
SKIP = {"bin", "obj", ".git", "run", "artifacts", "node_modules"}


def main():
    existing = open("nanoFramework.sln").read() if os.path.exists("nanoFramework.sln") else ""
    guids = {m.group(1).replace("\\", "/"): m.group(2)
             for m in re.finditer(r'Project\("\{[^}]+\}"\) = "[^"]+", "([^"]+)", "(\{[^}]+\})"', existing)}

    def guid(path):
        # A .nfproj declares its own ProjectGuid, which project references use: the solution must agree.
        if path.endswith(".nfproj"):
            declared = re.search(r"<ProjectGuid>(\{[^}]+\})</ProjectGuid>", open(path).read())
            if declared:
                return declared.group(1).upper()
        return guids.get(path) or "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "o2o/" + path)).upper() + "}"

    projects = []
    for root, dirs, files in os.walk("."):
        dirs[:] = sorted(d for d in dirs if d not in SKIP)
        for name in sorted(files):
            if name.endswith((".csproj", ".nfproj")):
                path = os.path.join(root, name)[2:]
                nano = name.endswith(".nfproj")
                projects.append(("nanoFramework" if nano else path.split("/")[0], path, NANO if nano else CSHARP))
    projects.sort()
    folders = sorted({p[0] for p in projects})
    folder_guid = {f: guid("folder/" + f) for f in folders}

    out = ["", "Microsoft Visual Studio Solution File, Format Version 12.00", "# Visual Studio Version 17",
           "VisualStudioVersion = 17.0.31903.59", "MinimumVisualStudioVersion = 10.0.40219.1"]
    for f in folders:
        out += [f'Project("{FOLDER}") = "{f}", "{f}", "{folder_guid[f]}"', "EndProject"]
    for _, path, kind in projects:
        name = os.path.splitext(os.path.basename(path))[0] + (".Device" if kind == NANO and "/nf/" in path else "")
        out += [f'Project("{kind}") = "{name}", "{path.replace("/", chr(92))}", "{guid(path)}"', "EndProject"]
    out += ["Global", "\tGlobalSection(SolutionConfigurationPlatforms) = preSolution",
            "\t\tDebug|Any CPU = Debug|Any CPU", "\t\tRelease|Any CPU = Release|Any CPU", "\tEndGlobalSection",
            "\tGlobalSection(ProjectConfigurationPlatforms) = postSolution"]
    for _, path, kind in projects:
        for config in ("Debug", "Release"):
            out.append(f"\t\t{guid(path)}.{config}|Any CPU.ActiveCfg = {config}|Any CPU")
            if kind == CSHARP:
                out.append(f"\t\t{guid(path)}.{config}|Any CPU.Build.0 = {config}|Any CPU")
    out += ["\tEndGlobalSection", "\tGlobalSection(SolutionProperties) = preSolution", "\t\tHideSolutionNode = FALSE",
            "\tEndGlobalSection", "\tGlobalSection(NestedProjects) = preSolution"]
    for folder, path, _ in projects:
        out.append(f"\t\t{guid(path)} = {folder_guid[folder]}")
    out += ["\tEndGlobalSection", "EndGlobal", ""]
    with open("nanoFramework.sln", "w", newline="\r\n") as sln:
        sln.write("\n".join(out))
    print(f"nanoFramework.sln: {len(projects)} projects")


if __name__ == "__main__":
    main()
