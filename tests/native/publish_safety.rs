//! What the publishing CLI will and will not touch: assets never replace
//! what it or the app build writes, links never lead out of the content
//! folder, it deletes only files it wrote itself, and bad shells and feeds
//! are clean errors. Each case checks that a refused build wrote nothing.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use article_widget::publish::{build, BuildError, BuildOptions, Shell, MANIFEST};

use crate::publish::build_ok;

const SHELL: &str = include_str!("../fixtures/publish/shell.html");

/// A fresh folder for one test.
fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("article-widget-safety-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// A content folder with `site.yaml` and an article per id.
fn content(dir: &Path, ids: &[&str]) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join("site.yaml"), "title: 测试站\nlanguage: zh-CN\n").unwrap();
    for (i, id) in ids.iter().enumerate() {
        fs::write(
            dir.join(format!("{id}.md")),
            format!("---\ntitle: 第 {i} 篇\nid: {id}\ndate: 2024-02-01T{:02}:00:00+08:00\n---\n\n正文 {i}。\n", i % 24),
        )
        .unwrap();
    }
}

/// An output folder as Trunk leaves it: the shell, the app's files, the loader.
fn app_build(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join("index.html"), SHELL).unwrap();
    fs::write(dir.join("embed.js"), "/* the loader */").unwrap();
    fs::write(dir.join("article-widget-0123456789abcdef.js"), "/* glue */").unwrap();
    fs::write(dir.join("article-widget-0123456789abcdef_bg.wasm"), "wasm").unwrap();
}

/// A build of `inputs` into `out` for `https://news.example/`.
fn options(inputs: &[PathBuf], out: &Path) -> BuildOptions {
    crate::publish::options(inputs, out, Some("https://news.example/"))
}

/// Every file below `dir` (links not followed) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                files.extend(snapshot(&entry.path()));
            } else if kind.is_symlink() {
                files.insert(entry.path(), fs::read_link(entry.path()).unwrap().into_os_string().into_encoded_bytes());
            } else {
                files.insert(entry.path(), fs::read(entry.path()).unwrap());
            }
        }
    }
    files
}

/// The build fails, names `names` in its message, and leaves `out` as it was.
fn refused(options: &BuildOptions, names: &[&str]) -> BuildError {
    let before = snapshot(&options.out);
    let error = match build(options) {
        Ok(report) => panic!("built {} articles, but should have refused; expected {names:?}", report.articles),
        Err(error) => error,
    };
    let message = error.to_string();
    for name in names {
        assert!(message.contains(name), "{message:?} does not name {name:?}");
    }
    assert!(before == snapshot(&options.out), "a refused build changed {}: {message}", options.out.display());
    error
}

#[test]
fn an_asset_named_like_a_generated_file_is_an_error_that_names_it() {
    let root = temp("clash");
    let site = root.join("content");
    let out = root.join("out");
    for (asset, why) in [
        ("embed.js", "loader"),
        ("index.html", "build writes"),
        ("404.html", "build writes"),
        ("feed.json", "build writes"),
        ("Feed.JSON", "build writes"),
        ("sitemap.xml", "build writes"),
        ("sitemap3.xml", "build writes"),
        ("feed/2.json", "folder the build writes"),
        ("items/a.json", "folder the build writes"),
        ("articles/a/index.html", "folder the build writes"),
        ("Articles/x.png", "folder the build writes"),
        ("tags/news/index.html", "folder the build writes"),
        ("Tags/x.png", "folder the build writes"),
        // A file where the build makes a folder, a folder where it writes a file.
        ("items", "folder the build writes"),
        ("articles", "folder the build writes"),
        ("Feed", "folder the build writes"),
        ("feed.json/x.png", "build writes"),
        // The app build's own files, whether the shell names them or not.
        ("article-widget-0123456789abcdef.js", "shell loads"),
        ("article-widget-0123456789abcdef_bg.wasm", "shell loads"),
        ("widget-0123456789abcdef.css", "shell loads"),
        // The widget's files for partner pages, and its versioned loaders.
        ("embed.css", "partner pages"),
        ("Integrity.json", "partner pages"),
        ("v/0.1.0/embed.js", "versioned loaders"),
        ("V/images/x.png", "versioned loaders"),
        ("v", "versioned loaders"),
    ] {
        let _ = fs::remove_dir_all(&root);
        content(&site, &["a"]);
        app_build(&out);
        let file = site.join(asset);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, "<script>alert('not the CLI')</script>").unwrap();
        let error = refused(&options(std::slice::from_ref(&site), &out), &[asset, why]);
        assert!(matches!(error, BuildError::Clash { .. }), "{error:?}");
    }

    // A file the app build left that the shell does not name.
    let _ = fs::remove_dir_all(&root);
    content(&site, &["a"]);
    app_build(&out);
    fs::write(out.join("partner-demo.html"), "demo").unwrap();
    fs::write(site.join("partner-demo.html"), "mine").unwrap();
    refused(&options(std::slice::from_ref(&site), &out), &["partner-demo.html", "did not write it"]);

    // With --shell, into a fresh folder: the shell's files still clash.
    let _ = fs::remove_dir_all(&root);
    content(&site, &["a"]);
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("shell.html"), SHELL).unwrap();
    fs::write(site.join("article-widget-0123456789abcdef.js"), "mine").unwrap();
    let with_shell =
        BuildOptions { shell: Some(root.join("shell.html")), ..options(std::slice::from_ref(&site), &out) };
    refused(&with_shell, &["article-widget-0123456789abcdef.js", "shell loads"]);
    assert!(!out.exists(), "nothing written, not even the folder");

    // Two content folders with one asset name.
    let _ = fs::remove_dir_all(&root);
    content(&site, &["a"]);
    let other = root.join("other");
    content(&other, &["b"]);
    app_build(&out);
    fs::create_dir_all(site.join("images")).unwrap();
    fs::create_dir_all(other.join("images")).unwrap();
    fs::write(site.join("images/x.png"), "1").unwrap();
    fs::write(other.join("images/x.png"), "2").unwrap();
    refused(&options(&[site.clone(), other.clone()], &out), &["images/x.png", "two files"]);
    // Names one file on APFS and NTFS, though `to_lowercase` tells them apart
    // (final sigma; long s), and a file where another asset has a folder.
    for (one, two) in [("images/ΟΔΟΣ.png", "images/οδοσ.png"), ("images/ſ.png", "images/S.png"), ("x", "X/y.png")]
    {
        fs::remove_file(site.join("images/x.png")).unwrap();
        fs::remove_dir_all(other.join("images")).unwrap();
        for (folder, name) in [(&site, one), (&other, two)] {
            let file = folder.join(name);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(&file, name).unwrap();
        }
        refused(&options(&[site.clone(), other.clone()], &out), &[two]);
        fs::remove_file(site.join(one)).unwrap();
        let _ = fs::remove_dir_all(other.join("X"));
        fs::create_dir_all(other.join("images")).unwrap();
        fs::write(site.join("images/x.png"), "1").unwrap();
        fs::write(other.join("images/x.png"), "2").unwrap();
    }

    // Ordinary assets are copied, and again on the next build.
    fs::remove_file(other.join("images/x.png")).unwrap();
    build_ok(&options(&[site.clone(), other], &out));
    build_ok(&options(std::slice::from_ref(&site), &out));
    assert_eq!(fs::read(out.join("images/x.png")).unwrap(), b"1");
    assert_eq!(fs::read(out.join("embed.js")).unwrap(), b"/* the loader */");
    fs::remove_dir_all(root).unwrap();
}

#[cfg(unix)]
#[test]
fn links_out_of_the_content_folder_are_refused_and_links_inside_it_are_followed() {
    use std::os::unix::fs::symlink;

    let root = temp("links");
    let site = root.join("content");
    let out = root.join("out");
    content(&site, &["a"]);
    app_build(&out);
    fs::write(root.join("secret.txt"), "the secret").unwrap();
    fs::create_dir_all(root.join("elsewhere")).unwrap();
    fs::write(root.join("elsewhere/x.txt"), "outside").unwrap();
    build_ok(&options(std::slice::from_ref(&site), &out));
    let published = snapshot(&out);

    // To a file outside, as an asset or as an article; to a folder outside.
    fs::create_dir_all(site.join("images")).unwrap();
    for (link, target) in [
        ("images/leak.txt", root.join("secret.txt")),
        ("leak.md", root.join("secret.txt")),
        ("notes/deep/leak.png", root.join("secret.txt")),
        ("shared", root.join("elsewhere")),
    ] {
        let at = site.join(link);
        fs::create_dir_all(at.parent().unwrap()).unwrap();
        symlink(&target, &at).unwrap();
        let error = refused(&options(std::slice::from_ref(&site), &out), &[link, "outside the content folder"]);
        assert!(matches!(error, BuildError::Link { .. }), "{error:?}");
        fs::remove_file(&at).unwrap();
    }
    // The site's settings, whose title every page would show.
    fs::rename(site.join("site.yaml"), root.join("site.yaml")).unwrap();
    symlink(root.join("site.yaml"), site.join("site.yaml")).unwrap();
    refused(&options(std::slice::from_ref(&site), &out), &["site.yaml", "outside the content folder"]);
    fs::remove_file(site.join("site.yaml")).unwrap();
    fs::rename(root.join("site.yaml"), site.join("site.yaml")).unwrap();
    // The last good build is still there, whole.
    assert!(published == snapshot(&out));
    assert!(!snapshot(&out).values().any(|bytes| bytes == b"the secret"));

    // A link to nothing, and a link back to a folder that holds it.
    symlink(root.join("gone"), site.join("images/gone.png")).unwrap();
    refused(&options(std::slice::from_ref(&site), &out), &["images/gone.png", "leads nowhere"]);
    fs::remove_file(site.join("images/gone.png")).unwrap();
    symlink(&site, site.join("images/loop")).unwrap();
    refused(&options(std::slice::from_ref(&site), &out), &["images/loop", "loop"]);
    fs::remove_file(site.join("images/loop")).unwrap();

    // Links to links to one folder, which would multiply the walk: 2^20 copies.
    let chain = site.join("chain");
    for level in 0..20 {
        let dir = chain.join(format!("d{level}"));
        fs::create_dir_all(&dir).unwrap();
        for name in ["a", "b"] {
            symlink(chain.join(format!("d{}", level + 1)), dir.join(name)).unwrap();
        }
    }
    fs::create_dir_all(chain.join("d20")).unwrap();
    fs::write(chain.join("d20/x.txt"), "x").unwrap();
    refused(&options(std::slice::from_ref(&site), &out), &["reached through links more than 8 times"]);
    fs::remove_dir_all(&chain).unwrap();

    // Inside the folder: a link to a file and a link to a folder publish what they point to.
    fs::write(site.join("images/real.png"), "png").unwrap();
    symlink(site.join("images/real.png"), site.join("alias.png")).unwrap();
    symlink(site.join("images"), site.join("pictures")).unwrap();
    build_ok(&options(std::slice::from_ref(&site), &out));
    assert_eq!(fs::read(out.join("alias.png")).unwrap(), b"png");
    assert_eq!(fs::read(out.join("pictures/real.png")).unwrap(), b"png");
    assert!(out.join("articles/a/index.html").is_file());
    fs::remove_dir_all(root).unwrap();
}

#[cfg(unix)]
#[test]
fn a_pipe_in_the_content_folder_is_refused_rather_than_read_forever() {
    let root = temp("fifo");
    let site = root.join("content");
    let out = root.join("out");
    content(&site, &["a"]);
    app_build(&out);
    let made = Command::new("mkfifo").arg(site.join("pipe.md")).status();
    if !made.is_ok_and(|status| status.success()) {
        eprintln!("no mkfifo here: skipped");
        return;
    }
    refused(&options(std::slice::from_ref(&site), &out), &["pipe.md", "neither a file nor a folder"]);
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn content_and_output_that_overlap_are_refused_and_no_source_is_deleted() {
    let root = temp("overlap");
    let site = root.join("site");
    content(&site, &["a"]);
    // The case from the issue: a site whose articles live in `articles/`, built into itself.
    fs::create_dir_all(site.join("articles")).unwrap();
    fs::write(site.join("articles/b.md"), "---\ntitle: b\ndate: 2024-02-01T01:00:00+08:00\n---\nb\n").unwrap();
    fs::write(root.join("shell.html"), SHELL).unwrap();
    let sources = snapshot(&site);
    let shell = Some(root.join("shell.html"));
    for (out, how) in [
        (site.clone(), "is the output folder"),
        (site.join("public"), "holds the output folder"),
        (site.join("."), "is the output folder"),
    ] {
        let options = BuildOptions { shell: shell.clone(), ..options(std::slice::from_ref(&site), &out) };
        let error = refused(&options, &[how]);
        assert!(matches!(error, BuildError::Overlap { .. }), "{error:?}");
        assert!(sources == snapshot(&site), "sources changed");
    }
    // Content inside the output folder, and a feed file inside it.
    let out = root.join("out");
    app_build(&out);
    content(&out.join("content"), &["c"]);
    refused(&options(&[out.join("content")], &out), &["is inside the output folder"]);
    fs::write(out.join("import.json"), "{}").unwrap();
    refused(&options(&[site.clone(), out.join("import.json")], &out), &["import.json", "is inside the output folder"]);
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn the_build_deletes_only_what_it_wrote_and_no_longer_writes() {
    let root = temp("cleanup");
    let site = root.join("content");
    let out = root.join("out");
    content(&site, &["a", "b"]);
    app_build(&out);
    // The publisher's own files in the output folder.
    fs::write(out.join("sitemap-news.xml"), "<urlset/>").unwrap();
    fs::write(out.join("robots.txt"), "User-agent: *\nDisallow: /private/\n").unwrap();
    fs::create_dir_all(out.join("private")).unwrap();
    fs::write(out.join("private/notes.txt"), "mine").unwrap();
    build_ok(&options(std::slice::from_ref(&site), &out));
    let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
    assert!(manifest.contains("\"articles/b/index.html\"") && manifest.contains("\"items/b.json\""), "{manifest}");
    assert!(!manifest.contains("embed.js") && !manifest.contains("robots.txt"), "{manifest}");

    // `b` is removed from the content: its files go, and nothing else.
    fs::remove_file(site.join("b.md")).unwrap();
    let report = build_ok(&options(std::slice::from_ref(&site), &out));
    assert_eq!(report.changes.removed, ["articles/b/index.html", "items/b.json"]);
    assert!(!out.join("articles/b").exists() && !out.join("items/b.json").exists());
    assert!(out.join("articles/a/index.html").is_file());
    assert_eq!(fs::read_to_string(out.join("sitemap-news.xml")).unwrap(), "<urlset/>");
    assert_eq!(fs::read_to_string(out.join("robots.txt")).unwrap(), "User-agent: *\nDisallow: /private/\n");
    assert_eq!(fs::read_to_string(out.join("private/notes.txt")).unwrap(), "mine");
    assert_eq!(fs::read_to_string(out.join("embed.js")).unwrap(), "/* the loader */");
    assert!(!fs::read_to_string(out.join(MANIFEST)).unwrap().contains("\"items/b.json\""));

    // A file it did not write, where it writes: refused before anything changes.
    fs::write(out.join("items/draft.json"), "{}").unwrap();
    let error = refused(&options(std::slice::from_ref(&site), &out), &["items/draft.json", MANIFEST]);
    assert!(matches!(error, BuildError::NotOurs { .. }), "{error:?}");
    fs::remove_file(out.join("items/draft.json")).unwrap();

    // A manifest that names something outside the folder is not trusted.
    fs::write(out.join(MANIFEST), "\"../content/a.md\"\n").unwrap();
    let error = refused(&options(std::slice::from_ref(&site), &out), &[MANIFEST]);
    assert!(matches!(error, BuildError::Manifest { .. }), "{error:?}");
    assert!(site.join("a.md").is_file());
    fs::remove_dir_all(root).unwrap();
}

/// `v/` holds the versioned loaders of every release that partners' pinned
/// snippets name: no build deletes or writes anything there, even when a
/// manifest (damaged, or hand-edited) lists files in it.
#[test]
fn the_versioned_loaders_folder_survives_every_build() {
    let root = temp("versioned");
    let site = root.join("content");
    let out = root.join("out");
    content(&site, &["a", "b"]);
    app_build(&out);
    let kept = ["v/0.0.9/embed.js", "v/0.0.9/embed.css", "v/0/embed.js", "V/0.0.1/embed.js"];
    for file in kept {
        fs::create_dir_all(out.join(file).parent().unwrap()).unwrap();
        fs::write(out.join(file), file).unwrap();
    }
    build_ok(&options(std::slice::from_ref(&site), &out));
    let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
    assert!(!manifest.to_lowercase().contains("\"v/"), "{manifest}");

    // A manifest that claims them: the next build still leaves them.
    let forged = kept.iter().map(|file| format!("\"{file}\"\n")).collect::<String>();
    fs::write(out.join(MANIFEST), format!("{manifest}{forged}")).unwrap();
    fs::remove_file(site.join("b.md")).unwrap();
    let report = build_ok(&options(std::slice::from_ref(&site), &out));
    assert_eq!(report.changes.removed, ["articles/b/index.html", "items/b.json"], "nothing in v/");
    for file in kept {
        assert_eq!(fs::read_to_string(out.join(file)).unwrap(), file, "{file}");
    }
    assert!(!fs::read_to_string(out.join(MANIFEST)).unwrap().to_lowercase().contains("\"v/"));

    // Content that would put a file under v/ is refused, and v/ is unchanged.
    fs::create_dir_all(site.join("v/0.0.9")).unwrap();
    fs::write(site.join("v/0.0.9/embed.js"), "not the loader").unwrap();
    let error = refused(&options(std::slice::from_ref(&site), &out), &["v/0.0.9/embed.js", "versioned loaders"]);
    assert!(matches!(error, BuildError::Clash { .. }), "{error:?}");
    assert_eq!(fs::read_to_string(out.join("v/0.0.9/embed.js")).unwrap(), "v/0.0.9/embed.js");
    fs::remove_dir_all(root).unwrap();
}

/// The build never writes or deletes through a symbolic link in the output
/// folder: a link where it wrote is not its own, and is refused before
/// anything is written; a link where it would only add a file it leaves.
#[cfg(unix)]
#[test]
fn the_build_never_writes_or_deletes_through_a_link_in_the_output_folder() {
    use std::os::unix::fs::symlink;
    let root = temp("out-links");
    let site = root.join("content");
    let out = root.join("out");
    let shared = root.join("shared");
    fs::create_dir_all(&shared).unwrap();
    content(&site, &["a"]);
    app_build(&out);
    fs::create_dir_all(site.join("pics")).unwrap();
    fs::write(site.join("pics/old.png"), "old").unwrap();
    build_ok(&options(std::slice::from_ref(&site), &out));

    // Its folder of a removed asset is now a link: deleting the stale file
    // would delete the file the link leads to.
    fs::write(shared.join("old.png"), "PRECIOUS").unwrap();
    fs::remove_dir_all(out.join("pics")).unwrap();
    symlink("../shared", out.join("pics")).unwrap();
    fs::remove_dir_all(site.join("pics")).unwrap();
    let error = refused(&options(std::slice::from_ref(&site), &out), &["pics", "link"]);
    assert!(matches!(error, BuildError::OutputLink(_)), "{error:?}");
    assert_eq!(fs::read_to_string(shared.join("old.png")).unwrap(), "PRECIOUS");

    // The asset is back: copying it would write through the link.
    fs::create_dir_all(site.join("pics")).unwrap();
    fs::write(site.join("pics/old.png"), "new").unwrap();
    refused(&options(std::slice::from_ref(&site), &out), &["pics"]);
    assert_eq!(fs::read_to_string(shared.join("old.png")).unwrap(), "PRECIOUS");

    // The file it wrote is now a link (the folder is real again).
    fs::remove_file(out.join("pics")).unwrap();
    fs::create_dir_all(out.join("pics")).unwrap();
    symlink("../../shared/old.png", out.join("pics/old.png")).unwrap();
    refused(&options(std::slice::from_ref(&site), &out), &["pics/old.png", "link"]);
    fs::remove_dir_all(site.join("pics")).unwrap();
    refused(&options(std::slice::from_ref(&site), &out), &["pics/old.png", "link"]);
    assert_eq!(fs::read_to_string(shared.join("old.png")).unwrap(), "PRECIOUS");
    fs::remove_file(out.join("pics/old.png")).unwrap();

    // A link in place of its manifest: the build would append to what it leads to.
    fs::rename(out.join(MANIFEST), shared.join("manifest")).unwrap();
    let before = fs::read(shared.join("manifest")).unwrap();
    symlink("../shared/manifest", out.join(MANIFEST)).unwrap();
    refused(&options(std::slice::from_ref(&site), &out), &[MANIFEST, "link"]);
    assert_eq!(fs::read(shared.join("manifest")).unwrap(), before);
    fs::remove_file(out.join(MANIFEST)).unwrap();
    fs::rename(shared.join("manifest"), out.join(MANIFEST)).unwrap();

    // Its `robots.txt` replaced by a link that leads nowhere (which
    // `exists()` calls absent): refused.
    fs::remove_file(out.join("robots.txt")).unwrap();
    symlink("../shared/robots.txt", out.join("robots.txt")).unwrap();
    refused(&options(std::slice::from_ref(&site), &out), &["robots.txt", "link"]);
    assert!(!shared.join("robots.txt").exists(), "written through a dangling link");

    // A `robots.txt` the build did not write is left alone, even such a link.
    let fresh = root.join("fresh");
    app_build(&fresh);
    symlink("../shared/robots.txt", fresh.join("robots.txt")).unwrap();
    build_ok(&options(std::slice::from_ref(&site), &fresh));
    assert!(!shared.join("robots.txt").exists(), "written through a dangling link");
    assert!(fs::symlink_metadata(fresh.join("robots.txt")).unwrap().file_type().is_symlink());
    fs::remove_dir_all(root).unwrap();
}

/// Pages and scripts run on the site's origin if served as they are: the
/// build copies them, and says so.
#[test]
fn assets_that_a_browser_would_run_are_copied_with_a_warning() {
    let root = temp("active");
    let site = root.join("content");
    let out = root.join("out");
    content(&site, &["a"]);
    app_build(&out);
    for name in ["demo.html", "x/page.HTM", "doc.xhtml", "tool.js", "mod.mjs", "logo.png"] {
        let file = site.join(name);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, "<script>1</script>").unwrap();
    }
    let report = build_ok(&options(std::slice::from_ref(&site), &out));
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    for name in ["demo.html", "page.HTM", "doc.xhtml", "tool.js", "mod.mjs"] {
        assert!(warnings.iter().any(|w| w.contains(name) && w.contains("script")), "{name}: {warnings:?}");
    }
    assert!(!warnings.iter().any(|w| w.contains("logo.png")), "{warnings:?}");
    assert!(out.join("demo.html").is_file() && out.join("tool.js").is_file());
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_shell_with_its_markers_out_of_order_is_an_error_not_a_panic() {
    let page = "<html><head><!--/aw:head--><title>t</title><!--aw:head t-->\
                </head><body><!--/aw:page--></div><div id=\"app\" data-prerendered><!--aw:page--></body></html>";
    let error = Shell::parse(page).unwrap_err();
    assert!(error.contains("markers"), "{error}");
    // Each marker present, each pair reversed.
    let page = "<html><head><!--aw:head t--><title>t</title><!--/aw:head--></head><body>\
                <!--/aw:page--></div>x<div id=\"app\" data-prerendered><!--aw:page--></body></html>";
    assert!(Shell::parse(page).unwrap_err().contains("markers"));
    // The head's end inside the page: what used to slice backwards (exit 101).
    let page = "<html><head><!--aw:head t--><title>t</title></head><body><div id=\"app\" data-prerendered>\
                <!--aw:page--><!--/aw:head--><!--/aw:page--></div></body></html>";
    assert!(Shell::parse(page).unwrap_err().contains("markers"));

    // The command says so and exits with 1, not 101.
    let root = temp("markers");
    let site = root.join("content");
    content(&site, &["a"]);
    let out = root.join("out");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("index.html"), page).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_article-widget-publish"))
        .args(["build", site.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("index.html") && stderr.contains("markers"), "{stderr}");
    fs::remove_dir_all(root).unwrap();
}

/// Every file below `dir` (links not followed) with its modification time.
fn mtimes(dir: &Path) -> BTreeMap<PathBuf, std::time::SystemTime> {
    let mut files = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let metadata = fs::symlink_metadata(entry.path()).unwrap();
        if metadata.is_dir() {
            files.extend(mtimes(&entry.path()));
        } else {
            files.insert(entry.path(), metadata.modified().unwrap());
        }
    }
    files
}

#[test]
fn a_rerun_writes_only_what_changed_and_lists_it() {
    let root = temp("incremental");
    let site = root.join("content");
    let out = root.join("out");
    content(&site, &["a", "b", "c"]);
    app_build(&out);
    let first = build_ok(&options(std::slice::from_ref(&site), &out));
    assert!(first.changes.added.contains(&"items/a.json".to_owned()), "{:?}", first.changes);
    assert!(first.changes.changed.contains(&"index.html".to_owned()), "the shell became the home page");
    let changes_file = out.join(article_widget::publish::CHANGES);
    let listed: serde_json::Value = serde_json::from_str(&fs::read_to_string(&changes_file).unwrap()).unwrap();
    assert_eq!(listed["added"].as_array().unwrap().len(), first.changes.added.len());

    // Nothing new: no file of the site is written, not even the manifest.
    let before = mtimes(&out);
    let bytes = snapshot(&out);
    std::thread::sleep(std::time::Duration::from_millis(20)); // a rewrite would show in the mtimes
    let rerun = build_ok(&options(std::slice::from_ref(&site), &out));
    assert_eq!((rerun.changes.added.len(), rerun.changes.changed.len(), rerun.changes.removed.len()), (0, 0, 0));
    assert_eq!(rerun.bytes_written, 0);
    assert!(rerun.changes.unchanged > 10, "{}", rerun.changes.unchanged);
    let after = mtimes(&out);
    for (path, time) in &before {
        if path != &changes_file {
            assert_eq!(after.get(path), Some(time), "{} was rewritten", path.display());
        }
    }
    let mut bytes_after = snapshot(&out);
    bytes_after.remove(&changes_file);
    let mut bytes_before = bytes;
    bytes_before.remove(&changes_file);
    assert_eq!(bytes_before, bytes_after);
    let listed: serde_json::Value = serde_json::from_str(&fs::read_to_string(&changes_file).unwrap()).unwrap();
    assert_eq!(listed, serde_json::json!({ "added": [], "changed": [], "removed": [] }));

    // One new article: its files are added, the feed and home page change,
    // the other articles' files are not touched.
    fs::write(site.join("d.md"), "---\ntitle: 新文章\nid: d\ndate: 2024-02-02T09:00:00+08:00\n---\n\n正文。\n")
        .unwrap();
    let one = build_ok(&options(std::slice::from_ref(&site), &out));
    assert_eq!(one.changes.added, ["articles/d/index.html", "items/d.json"]);
    assert!(
        one.changes.changed.contains(&"feed.json".to_owned()) && one.changes.changed.contains(&"index.html".to_owned())
    );
    assert!(
        !one.changes.changed.iter().any(|path| path.starts_with("items/") || path.starts_with("articles/")),
        "{:?}",
        one.changes
    );
    for untouched in ["items/a.json", "articles/b/index.html"] {
        let path = out.join(untouched);
        assert_eq!(after[&path], fs::metadata(&path).unwrap().modified().unwrap(), "{untouched}");
    }

    // With --changes elsewhere: the list goes there.
    fs::remove_file(site.join("d.md")).unwrap();
    let elsewhere = root.join("changes.json");
    let removed =
        build_ok(&BuildOptions { changes: Some(elsewhere.clone()), ..options(std::slice::from_ref(&site), &out) });
    assert_eq!(removed.changes.removed, ["articles/d/index.html", "items/d.json"]);
    let listed: serde_json::Value = serde_json::from_str(&fs::read_to_string(&elsewhere).unwrap()).unwrap();
    assert_eq!(listed["removed"], serde_json::json!(["articles/d/index.html", "items/d.json"]));
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn drafts_are_never_published_and_future_articles_wait_for_their_time() {
    let root = temp("schedule");
    let site = root.join("content");
    let out = root.join("out");
    content(&site, &["a"]);
    fs::write(
        site.join("draft.md"),
        "---\ntitle: 草稿\nid: draft\ndate: 2024-02-01T08:00:00+08:00\ndraft: true\n---\n\n未完成。\n",
    )
    .unwrap();
    fs::write(
        site.join("later.md"),
        "---\ntitle: 定时发布\nid: later\ndate: 2024-03-01T08:00:00+08:00\n---\n\n准时见。\n",
    )
    .unwrap();
    fs::write(
        site.join("bad.md"),
        "---\ntitle: 坏标记\nid: bad\ndate: 2024-02-01T08:00:00+08:00\ndraft: maybe\n---\n\nx\n",
    )
    .unwrap();
    app_build(&out);
    let at = |text: &str| article_widget::model::Timestamp::parse(text).unwrap().unix_seconds();
    let before =
        BuildOptions { now: Some(at("2024-02-15T00:00:00+08:00")), ..options(std::slice::from_ref(&site), &out) };
    let report = build(&before).unwrap();
    assert_eq!(report.drafts, 1);
    assert_eq!(report.scheduled, [("later".to_owned(), "2024-03-01T08:00:00+08:00".to_owned())]);
    assert_eq!(report.skipped.len(), 1, "`draft: maybe` is an error at its line: {:?}", report.skipped);
    assert!(report.skipped[0].to_string().contains("bad.md:5: `draft` must be true or false"), "{}", report.skipped[0]);
    let feed = fs::read_to_string(out.join("feed.json")).unwrap();
    for held in ["draft", "later"] {
        assert!(!out.join(format!("items/{held}.json")).exists() && !out.join(format!("articles/{held}")).exists());
        assert!(
            !feed.contains(&format!("\"id\": \"{held}\"")) && !feed.contains(&format!("\"id\":\"{held}\"")),
            "{feed}"
        );
    }

    // Its time has come: the next run publishes it, and lists it as added.
    let after =
        BuildOptions { now: Some(at("2024-03-01T08:00:00+08:00")), ..options(std::slice::from_ref(&site), &out) };
    let report = build(&after).unwrap();
    assert!(report.scheduled.is_empty());
    assert!(report.changes.added.contains(&"items/later.json".to_owned()), "{:?}", report.changes);
    assert!(fs::read_to_string(out.join("feed.json")).unwrap().contains("later"));

    // A published article marked a draft again is taken down.
    fs::write(
        site.join("later.md"),
        "---\ntitle: 定时发布\nid: later\ndate: 2024-03-01T08:00:00+08:00\ndraft: yes\n---\n\n撤回。\n",
    )
    .unwrap();
    let report = build(&after).unwrap();
    assert_eq!(report.changes.removed, ["articles/later/index.html", "items/later.json"]);
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_changed_id_leaves_a_redirect_at_the_old_address() {
    let root = temp("redirects");
    let site = root.join("content");
    let out = root.join("out");
    content(&site, &["a", "b"]);
    app_build(&out);
    build_ok(&options(std::slice::from_ref(&site), &out));
    let page = |id: &str| fs::read_to_string(out.join(format!("articles/{id}/index.html"))).ok();

    // The publisher renames b's id in its file: b's address now sends readers to b2.
    let renamed = fs::read_to_string(site.join("b.md")).unwrap().replace("id: b\n", "id: b2\n");
    fs::write(site.join("b.md"), renamed).unwrap();
    let report = build_ok(&options(std::slice::from_ref(&site), &out));
    assert_eq!(report.redirects, 1);
    let redirect = page("b").expect("a page at the old address");
    assert!(
        redirect.contains(r#"<meta http-equiv="refresh" content="0; url=https://news.example/articles/b2">"#),
        "{redirect}"
    );
    assert!(redirect.contains(r#"<link rel="canonical" href="https://news.example/articles/b2">"#), "{redirect}");
    assert!(!out.join("items/b.json").exists(), "the old document goes; the page stays");

    // Renamed again: the first address follows it, and the second redirects too.
    let again = fs::read_to_string(site.join("b.md")).unwrap().replace("id: b2\n", "id: b3\naliases: [legacy-b]\n");
    fs::write(site.join("b.md"), again).unwrap();
    let report = build_ok(&options(std::slice::from_ref(&site), &out));
    assert_eq!(report.redirects, 3, "b, b2 and the alias legacy-b");
    for old in ["b", "b2", "legacy-b"] {
        assert!(page(old).unwrap().contains("url=https://news.example/articles/b3"), "{old}");
    }
    // An unchanged run rewrites none of them.
    let again = build_ok(&options(std::slice::from_ref(&site), &out));
    assert_eq!((again.changes.added.len(), again.changes.changed.len()), (0, 0), "{:?}", again.changes);

    // Another article takes the old id: its own page wins; the article gone: its redirects go.
    fs::write(site.join("new-b.md"), "---\ntitle: 新的 b\nid: b\ndate: 2024-02-03T08:00:00+08:00\n---\n\n正文。\n")
        .unwrap();
    fs::remove_file(site.join("b.md")).unwrap();
    let report = build_ok(&options(std::slice::from_ref(&site), &out));
    assert_eq!(report.redirects, 0);
    assert!(!page("b").unwrap().contains("http-equiv"), "b is an article again");
    assert!(page("b2").is_none() && page("legacy-b").is_none());
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn redirects_refuse_hostile_aliases_and_a_tampered_id_index() {
    let root = temp("redirects-hostile");
    let site = root.join("content");
    let out = root.join("out");
    content(&site, &["a"]);
    app_build(&out);
    // An alias that climbs out of the output folder is an error at its line, not a file.
    fs::write(
        site.join("b.md"),
        "---\ntitle: b\nid: b\ndate: 2024-02-02T08:00:00+08:00\naliases: [../../escape]\n---\n\nx\n",
    )
    .unwrap();
    let report = build(&options(std::slice::from_ref(&site), &out)).unwrap();
    assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
    assert!(report.skipped[0].to_string().contains("b.md:5:"), "{}", report.skipped[0]);
    assert!(!root.join("escape").exists() && !out.join("escape").exists());
    fs::remove_file(site.join("b.md")).unwrap();

    // The id index is the CLI's own, but a tampered one (paths as ids, a cycle, a
    // target that is no article) gives no redirect and writes nowhere else.
    fs::write(
        out.join(article_widget::publish::IDS),
        r#"{"sources": {}, "redirects": {"../../x": "a", "p": "q", "q": "p", "y/z": "a", "gone": "nowhere"}}"#,
    )
    .unwrap();
    let report = build_ok(&options(std::slice::from_ref(&site), &out));
    assert_eq!(report.redirects, 0);
    for path in ["../x", "articles/p", "articles/q", "articles/y", "articles/gone"] {
        assert!(!out.join(path).exists(), "{path}");
    }
    fs::remove_dir_all(root).unwrap();
}
