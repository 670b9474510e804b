//! The site's own settings (`site.yaml` in the content folder): what a feed
//! says about itself rather than about one article.

use std::path::Path;

use super::fields::Fields;
use super::{yaml, InputError};

/// The feed-level settings of a site.
///
/// ```yaml
/// title: 浦江新闻网                     # required
/// description: 示例信息源:浦江新闻网最新信息
/// language: zh-CN                        # the articles' language unless one says otherwise
/// disclaimer: 免责申明: 本站部分内容转载自国内知名媒体,如有侵权请联系客服删除。
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteConfig {
    pub title: String,
    pub description: Option<String>,
    pub language: Option<String>,
    /// Shown under every article that has no disclaimer of its own.
    pub disclaimer: Option<String>,
}

/// Reads the site settings (a YAML file); unknown keys are ignored.
pub fn read_site_config(path: &Path, text: &str) -> Result<SiteConfig, InputError> {
    read_site_config_with_warnings(path, text, &mut Vec::new())
}

/// [`read_site_config`], adding a warning for each key it does not know.
pub fn read_site_config_with_warnings(
    path: &Path,
    text: &str,
    warnings: &mut Vec<InputError>,
) -> Result<SiteConfig, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut fields = Fields::new(path, yaml::parse(path, text, 1)?, "the site settings")?;
    let config = SiteConfig {
        title: fields.required_text("title", None, 1)?.value,
        description: fields.text("description", None)?.map(|d| d.value),
        language: fields.language()?,
        disclaimer: fields.text("disclaimer", None)?.map(|d| d.value),
    };
    warnings.extend(fields.unknown_keys());
    Ok(config)
}
